import type { Lesson } from './lessonTypes';

/** Long-range memory and why an LSTM: the adding problem, three layer types, then the latch. */
export const MEMORY_LESSON: Lesson = {
  title: { en: 'Long-range memory: why an LSTM', 'zh-CN': '长程记忆：为什么用 LSTM' },
  presets: ['why-lstm', 'long-range'],
  steps: [
    {
      kind: 'ask',
      preset: 'why-lstm',
      title: { en: 'What we ask', 'zh-CN': '我们的问题' },
      body: {
        en: 'The adding problem: in a sequence of {steps} steps two numbers are marked, and the target is their sum. Can a recurrent network remember the first number until the end?',
        'zh-CN':
          '加法问题：在 {steps} 步的序列中有两个数字被标记，目标是它们的和。循环网络能把第一个数一直记到最后吗？',
      },
      facts: [
        {
          preset: 'why-lstm',
          claims: ['carried-25-steps'],
          text: {
            en: 'The first marked number must be carried across {carry} steps or more.',
            'zh-CN': '第一个被标记的数必须被携带 {carry} 步以上。',
          },
        },
      ],
    },
    {
      kind: 'predict',
      preset: 'why-lstm',
      title: { en: 'Predict first', 'zh-CN': '先预测' },
      body: {
        en: 'We train three layer types on it: SimpleRNN, GRU and LSTM. Which of them solve it?',
        'zh-CN': '我们用三种层类型训练它：SimpleRNN、GRU 和 LSTM。哪些能解决它？',
      },
      choices: [
        { en: 'All three', 'zh-CN': '三种都能' },
        { en: 'The LSTM and the GRU, not the SimpleRNN', 'zh-CN': 'LSTM 和 GRU 能，SimpleRNN 不能' },
        { en: 'Only the SimpleRNN: it is the simplest', 'zh-CN': '只有 SimpleRNN：它最简单' },
        { en: 'None of them', 'zh-CN': '都不能' },
      ],
      right: 1,
      claim: 'gated-cells-solve',
    },
    {
      kind: 'run',
      preset: 'why-lstm',
      title: { en: 'Train the three', 'zh-CN': '训练三种层' },
      body: {
        en: 'Train each layer type in turn ({epochs} epochs each); Compare runs overlays the curves. Train the SimpleRNN last: the next step looks inside the last model trained.',
        'zh-CN':
          '依次训练每种层类型（各 {epochs} 个轮次）；“运行对比”会把曲线叠在一起。最后训练 SimpleRNN：下一步看的是最后训练的模型的内部。',
      },
      runs: [
        { preset: 'why-lstm', label: { en: 'Train: LSTM', 'zh-CN': '训练：LSTM' } },
        {
          preset: 'why-lstm',
          variant: { claim: 'gated-cells-solve', name: 'gru' },
          label: { en: 'Train: GRU', 'zh-CN': '训练：GRU' },
        },
        {
          preset: 'why-lstm',
          variant: { claim: 'rnn-guesses-mean', name: 'rnn' },
          label: { en: 'Train: SimpleRNN', 'zh-CN': '训练：SimpleRNN' },
        },
      ],
    },
    {
      kind: 'look',
      preset: 'why-lstm',
      title: { en: 'Look inside', 'zh-CN': '看看内部' },
      body: {
        en: 'Gradient through time: how much learning signal reaches each step, back from the output. Follow it from the end towards t = 0, for the SimpleRNN and then for the LSTM (train it again to compare).',
        'zh-CN':
          '“随时间的梯度”：从输出往回，每一步收到多少学习信号。从末尾往 t = 0 方向看，先看 SimpleRNN，再看 LSTM（再训练一次来比较）。',
      },
    },
    {
      kind: 'reveal',
      preset: 'why-lstm',
      title: { en: 'What it shows', 'zh-CN': '结果说明' },
      body: { en: 'The answer, as the story’s checks measure it:', 'zh-CN': '答案（由故事的检验测得）：' },
      answers: 2,
      show: ['compare'],
      facts: [
        {
          preset: 'why-lstm',
          claims: ['rnn-guesses-mean', 'gated-cells-solve'],
          text: {
            en: 'The SimpleRNN stays near the loss of always guessing the mean, while the LSTM and the GRU, whose gated state carries it, solve the task.',
            'zh-CN':
              'SimpleRNN 停在总是猜均值的损失附近，而 LSTM 和 GRU 靠门控的状态把信息带过去，解决了这个任务。',
          },
        },
        {
          preset: 'why-lstm',
          claims: ['rnn-gradient-vanishes'],
          text: {
            en: 'For the SimpleRNN, watch ‖∂L/∂h_t‖ fall away towards t = 0: its learning signal vanishes long before it reaches the first marker.',
            'zh-CN':
              '对 SimpleRNN 来说，‖∂L/∂h_t‖ 朝 t = 0 方向迅速衰减：它的学习信号在到达第一个标记之前早已消失。',
          },
        },
      ],
    },
    {
      kind: 'predict',
      preset: 'long-range',
      title: { en: 'Predict: how the LSTM remembers', 'zh-CN': '预测：LSTM 如何记住' },
      body: {
        en: 'A longer sequence ({steps} steps). How does an LSTM keep the first marked number until the second one?',
        'zh-CN': '更长的序列（{steps} 步）。LSTM 如何把第一个被标记的数一直保留到第二个标记？',
      },
      choices: [
        {
          en: 'A few units’ forget gate f stays near 1 between the two marked steps',
          'zh-CN': '少数单元的遗忘门 f 在两个标记之间保持在 1 附近',
        },
        { en: 'Its output gate o stays at 0 the whole time', 'zh-CN': '它的输出门 o 一直为 0' },
        {
          en: 'It keeps nothing: it reads the whole sequence again at the end',
          'zh-CN': '它什么也不保存：最后会重新读一遍整个序列',
        },
      ],
      right: 0,
      claim: 'forget-gate-latch',
    },
    {
      kind: 'run',
      preset: 'long-range',
      title: { en: 'Train it', 'zh-CN': '训练' },
      body: {
        en: 'Press Train ({epochs} epochs; the longest run of the lesson) and watch the loss: when does it start to fall?',
        'zh-CN': '按“训练”（{epochs} 个轮次；本课最长的一次运行），观察损失：它什么时候开始下降？',
      },
      runs: [{ preset: 'long-range', label: { en: 'Train: the adding problem', 'zh-CN': '训练：加法问题' } }],
    },
    {
      kind: 'look',
      preset: 'long-range',
      title: { en: 'Look inside', 'zh-CN': '看看内部' },
      body: {
        en: 'Gates & state: each heatmap shows one gate of every unit along the sequence; the input strip marks the two numbers. Look at f between the marked steps.',
        'zh-CN':
          '“门与状态”：每张热图显示每个单元的一个门沿序列的取值；输入条标出了两个数。看两个标记之间的 f。',
      },
    },
    {
      kind: 'reveal',
      preset: 'long-range',
      title: { en: 'What it shows', 'zh-CN': '结果说明' },
      body: { en: 'The answer, as the story’s checks measure it:', 'zh-CN': '答案（由故事的检验测得）：' },
      answers: 6,
      show: ['inside'],
      facts: [
        {
          preset: 'long-range',
          claims: ['plateau-then-drop'],
          text: {
            en: 'The loss sits near the variance of the sum (1 once scaled), then drops once the gates learn to latch the marked values.',
            'zh-CN': '损失先停在和的方差附近（缩放后为 1），然后下降：门学会了锁存被标记的数值。',
          },
        },
        {
          preset: 'long-range',
          claims: ['forget-gate-latch', 'c-holds-first'],
          text: {
            en: 'On Gates & state, a few units’ forget gate f (outlined) stays near 1 from the first marked step to the second, so their c holds the first value.',
            'zh-CN':
              '在“门与状态”中，少数单元（已框出）的遗忘门 f 从第一个标记一直保持在 1 附近直到第二个标记，于是它们的 c 保存了第一个数值。',
          },
        },
        {
          preset: 'long-range',
          claims: ['gradient-reaches-back'],
          text: {
            en: 'Gradient through time shows the learning signal ‖∂L/∂c_t‖ still reaching back to the first marked value.',
            'zh-CN': '“随时间的梯度”显示学习信号 ‖∂L/∂c_t‖ 仍能传回第一个被标记的数值。',
          },
        },
      ],
    },
  ],
};
