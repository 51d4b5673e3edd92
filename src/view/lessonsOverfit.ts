import type { Lesson } from './lessonTypes';

/** Overfitting and its remedies: the overfit preset, then dropout, L2 and early stopping. */
export const OVERFITTING_LESSON: Lesson = {
  title: { en: 'Overfitting and its remedies', 'zh-CN': '过拟合及其对策' },
  presets: ['overfit', 'dropout', 'l2', 'early-stopping'],
  steps: [
    {
      kind: 'ask',
      preset: 'overfit',
      title: { en: 'What we ask', 'zh-CN': '我们的问题' },
      body: {
        en: 'A large LSTM learns from only a few noisy sine windows. Training lowers the loss on the windows it learns from. Does the model also get better on windows it has never seen, the validation set?',
        'zh-CN':
          '一个很大的 LSTM 只用少量带噪声的正弦窗口训练。训练会降低它所学窗口上的损失。它在从未见过的窗口（验证集）上也会变好吗？',
      },
    },
    {
      kind: 'predict',
      preset: 'overfit',
      title: { en: 'Predict first', 'zh-CN': '先预测' },
      body: {
        en: 'While the training loss keeps falling, what does the validation loss do?',
        'zh-CN': '训练损失不断下降时，验证损失会怎样？',
      },
      choices: [
        { en: 'It keeps falling too', 'zh-CN': '它也不断下降' },
        { en: 'It bottoms out early, then climbs', 'zh-CN': '它很早就触底，然后上升' },
        { en: 'It stays flat from the start', 'zh-CN': '它从一开始就保持不变' },
      ],
      right: 1,
      claim: 'curves-part',
    },
    {
      kind: 'run',
      preset: 'overfit',
      title: { en: 'Train it', 'zh-CN': '训练' },
      body: {
        en: 'Press Train and watch the two curves on the chart: the training loss and the validation loss, over {epochs} epochs.',
        'zh-CN': '按“训练”，观察图上的两条曲线：训练损失和验证损失，共 {epochs} 个轮次。',
      },
      runs: [{ preset: 'overfit', label: { en: 'Train: no remedy', 'zh-CN': '训练：无对策' } }],
    },
    {
      kind: 'look',
      preset: 'overfit',
      title: { en: 'Look inside', 'zh-CN': '看看内部' },
      body: {
        en: 'Units: follow the most active units’ h along the window and compare it with the noisy points of the input. The view follows the run epoch by epoch: compare it near the best epoch with the end.',
        'zh-CN':
          '“单元”视图：沿着窗口观察最活跃单元的 h，并与输入里的噪声点对照。视图随训练逐轮更新：把最佳轮次附近的样子与结束时对比。',
      },
    },
    {
      kind: 'reveal',
      preset: 'overfit',
      title: { en: 'What it shows', 'zh-CN': '结果说明' },
      body: {
        en: 'The answer, as the story’s checks measure it:',
        'zh-CN': '答案（由故事的检验测得）：',
      },
      answers: 2,
      show: ['loss'],
      facts: [
        {
          preset: 'overfit',
          claims: ['curves-part'],
          text: {
            en: 'We watched the training loss keep falling while the validation loss bottoms out early and then climbs: the network is memorising the noise of its few windows.',
            'zh-CN': '我们看到训练损失不断下降，而验证损失很早就触底然后上升：网络在记忆少量窗口里的噪声。',
          },
        },
        {
          preset: 'overfit',
          claims: ['units-jumpier'],
          text: {
            en: 'Inside, the most active units’ h jump with the noisy points of the window more sharply than at the best epoch, though the sine itself is smooth.',
            'zh-CN': '在内部，最活跃单元的 h 随窗口里的噪声点跳动，比最佳轮次时更剧烈，而正弦本身是平滑的。',
          },
        },
      ],
    },
    {
      kind: 'predict',
      preset: 'dropout',
      title: { en: 'Predict: a remedy', 'zh-CN': '预测：对策' },
      body: {
        en: 'The same data and model with dropout, which switches off a random part of the inputs and of the recurrent state at every step. What happens to the training loss?',
        'zh-CN': '同样的数据和模型，加上 dropout：每一步随机关掉一部分输入和循环状态。训练损失会怎样？',
      },
      choices: [
        { en: 'Lower and smoother than without dropout', 'zh-CN': '比没有 dropout 时更低、更平滑' },
        {
          en: 'Noisier and higher, while the validation loss stays lower',
          'zh-CN': '更嘈杂、更高，而验证损失保持更低',
        },
        { en: 'The same curves as without dropout', 'zh-CN': '和没有 dropout 时的曲线一样' },
      ],
      right: 1,
      claim: 'train-noisier-higher',
    },
    {
      kind: 'run',
      preset: 'dropout',
      title: { en: 'Train the remedies', 'zh-CN': '训练对策' },
      body: {
        en: 'Train dropout; then L2 or early stopping if there is time. Compare runs overlays each run with the overfitting one (train that again here if it is not there).',
        'zh-CN':
          '先训练 dropout；有时间再训练 L2 或提前停止。“运行对比”会把每次运行与过拟合的那次叠在一起（如果那次不在，可以在这里再训练一次）。',
      },
      runs: [
        { preset: 'dropout', label: { en: 'Train: dropout', 'zh-CN': '训练：dropout' } },
        { preset: 'l2', label: { en: 'Train: L2', 'zh-CN': '训练：L2' } },
        { preset: 'early-stopping', label: { en: 'Train: early stopping', 'zh-CN': '训练：提前停止' } },
        { preset: 'overfit', label: { en: 'Train: no remedy', 'zh-CN': '训练：无对策' } },
      ],
    },
    {
      kind: 'reveal',
      preset: 'dropout',
      title: { en: 'What the remedies do', 'zh-CN': '对策的作用' },
      body: {
        en: 'The answer, as the stories’ checks measure it:',
        'zh-CN': '答案（由故事的检验测得）：',
      },
      answers: 6,
      show: ['compare'],
      facts: [
        {
          preset: 'dropout',
          claims: ['train-noisier-higher', 'val-lower'],
          text: {
            en: 'With dropout the training loss is noisier and higher, but the validation loss stays lower.',
            'zh-CN': '加上 dropout，训练损失更嘈杂、更高，但验证损失保持更低。',
          },
        },
        {
          preset: 'l2',
          claims: ['val-climbs-less'],
          text: {
            en: 'L2 pulls every weight towards zero, so the validation loss climbs less.',
            'zh-CN': 'L2 把每个权重拉向零，验证损失上升得更少。',
          },
        },
        {
          preset: 'early-stopping',
          claims: ['stops-restores'],
          text: {
            en: 'With early stopping, training stops once the validation loss has not improved for a few epochs, and the best weights are restored.',
            'zh-CN': '使用提前停止时，当验证损失连续几个轮次没有改善时停止训练，并恢复最佳权重。',
          },
        },
      ],
    },
  ],
};
