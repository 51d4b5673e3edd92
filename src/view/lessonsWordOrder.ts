import type { Lesson } from './lessonTypes';

/** Word order: "not bad at all" and "good but boring", read word by word. */
export const WORD_ORDER_LESSON: Lesson = {
  title: { en: 'Word order: “not bad at all”', 'zh-CN': '词序：“not bad at all”' },
  presets: ['sentiment'],
  steps: [
    {
      kind: 'ask',
      preset: 'sentiment',
      title: { en: 'What we ask', 'zh-CN': '我们的问题' },
      body: {
        en: 'Short movie reviews, positive or negative. In “not bad at all”, “not” flips the word after it; after “but”, the second half decides. Does a model need to read the words in order?',
        'zh-CN':
          '简短的影评，正面或负面。在 “not bad at all” 中，“not” 翻转了它后面的词；“but” 之后的半句决定整体。模型需要按顺序读词吗？',
      },
    },
    {
      kind: 'predict',
      preset: 'sentiment',
      title: { en: 'Predict first', 'zh-CN': '先预测' },
      body: {
        en: 'The trained model reads “not bad at all” one word at a time. Right after “bad”, does it believe the review is positive or negative?',
        'zh-CN': '训练好的模型逐词读 “not bad at all”。刚读到 “bad” 时，它认为这条影评是正面还是负面？',
      },
      choices: [
        { en: 'Positive', 'zh-CN': '正面' },
        { en: 'Negative: “bad” is a negative word', 'zh-CN': '负面：“bad” 是负面的词' },
        { en: 'It cannot tell before the end', 'zh-CN': '读完之前无法判断' },
      ],
      right: 0,
      claim: 'not-flips',
    },
    {
      kind: 'run',
      preset: 'sentiment',
      title: { en: 'Train it', 'zh-CN': '训练' },
      body: {
        en: 'Press Train ({epochs} epochs) and watch the loss fall.',
        'zh-CN': '按“训练”（{epochs} 个轮次），观察损失下降。',
      },
      runs: [{ preset: 'sentiment', label: { en: 'Train: word order', 'zh-CN': '训练：词序' } }],
    },
    {
      kind: 'look',
      preset: 'sentiment',
      title: { en: 'Look inside', 'zh-CN': '看看内部' },
      body: {
        en: 'Word by word: each word is coloured by what the model believes after reading it. The view opens on a validation review with “not bad”; type “not bad at all” and then “bad” into the sentence box below it.',
        'zh-CN':
          '“逐词”视图：每个词的颜色表示模型读到它之后的判断。视图打开在一条含 “not bad” 的验证影评上；在下面的句子框里先输入 “not bad at all”，再输入 “bad”。',
      },
    },
    {
      kind: 'reveal',
      preset: 'sentiment',
      title: { en: 'What it shows', 'zh-CN': '结果说明' },
      body: { en: 'The answer, as the story’s checks measure it:', 'zh-CN': '答案（由故事的检验测得）：' },
      answers: 2,
      show: ['inside'],
      facts: [
        {
          preset: 'sentiment',
          claims: ['not-flips'],
          text: {
            en: 'In “not bad at all” the belief is positive after “bad”, which alone reads negative: the model has read “not” first.',
            'zh-CN':
              '在 “not bad at all” 中，读到 “bad” 之后判断是正面的，而单独的 “bad” 是负面的：模型先读到了 “not”。',
          },
        },
      ],
    },
    {
      kind: 'predict',
      preset: 'sentiment',
      title: { en: 'Predict: the same words', 'zh-CN': '预测：同样的词' },
      body: {
        en: 'Two reviews with the same words: “the plot was good but the acting was boring” and “the plot was boring but the acting was good”. What does the model say about the first?',
        'zh-CN':
          '两条用词完全相同的影评：“the plot was good but the acting was boring” 和 “the plot was boring but the acting was good”。模型对第一条怎么判断？',
      },
      choices: [
        { en: 'Negative: after “but”, “boring” decides', 'zh-CN': '负面：“but” 之后的 “boring” 决定' },
        { en: 'Positive: “good” comes first', 'zh-CN': '正面：“good” 在前' },
        { en: 'The same as the second: the words are the same', 'zh-CN': '和第二条一样：用词相同' },
      ],
      right: 0,
      claim: 'reads-in-order',
    },
    {
      kind: 'reveal',
      preset: 'sentiment',
      title: { en: 'What it shows', 'zh-CN': '结果说明' },
      body: {
        en: 'Type both reviews into the sentence box to see it word by word.',
        'zh-CN': '把两条影评都输入句子框，逐词查看。',
      },
      answers: 6,
      show: ['inside'],
      facts: [
        {
          preset: 'sentiment',
          claims: ['reads-in-order'],
          text: {
            en: 'A bag of words cannot tell “good but boring” from “boring but good”; an LSTM reads in order: the first review ends negative, the second positive.',
            'zh-CN':
              '词袋模型分不清 “good but boring” 和 “boring but good”；LSTM 按顺序读：第一条影评最后是负面的，第二条是正面的。',
          },
        },
      ],
    },
  ],
};
