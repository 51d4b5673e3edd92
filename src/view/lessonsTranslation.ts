import type { Lesson } from './lessonTypes';

/** Translation: human dates rewritten as ISO dates, and where each output character looks. */
export const TRANSLATION_LESSON: Lesson = {
  title: { en: 'Translation: watch it align', 'zh-CN': '翻译：看它对齐' },
  presets: ['translation'],
  steps: [
    {
      kind: 'ask',
      preset: 'translation',
      title: { en: 'What we ask', 'zh-CN': '我们的问题' },
      body: {
        en: 'People write one date in many ways: “Wednesday, 31 July 1991”, “31/07/91”, “1991年7月31日”. A model reads such a date one character at a time and writes it as “1991-07-31”, one character at a time. Before each character it writes, it may look back at any character it read: where does it look?',
        'zh-CN':
          '同一个日期有很多种写法：“Wednesday, 31 July 1991”、“31/07/91”、“1991年7月31日”。模型逐个字符读入这样的日期，再逐个字符写成 “1991-07-31”。每写一个字符之前，它都可以回看读过的任何一个字符：它看向哪里？',
      },
    },
    {
      kind: 'predict',
      preset: 'translation',
      title: { en: 'Predict first', 'zh-CN': '先预测' },
      body: {
        en: 'The trained model writes the year “1991” of “Wednesday, 31 July 1991”. Where does it look while it writes those four digits?',
        'zh-CN': '训练好的模型写出 “Wednesday, 31 July 1991” 中的年份 “1991”。写这四个数字时，它看向哪里？',
      },
      choices: [
        { en: 'At “1991”, where the date writes the year', 'zh-CN': '看 “1991”，即日期里写年份的地方' },
        {
          en: 'At the first characters: the output starts with the year',
          'zh-CN': '看开头的字符：输出以年份开头',
        },
        { en: 'Evenly at every character', 'zh-CN': '平均地看每一个字符' },
      ],
      right: 0,
      claim: 'year-looks-at-year',
    },
    {
      kind: 'run',
      preset: 'translation',
      title: { en: 'Train it', 'zh-CN': '训练' },
      body: {
        en: 'Press Train ({epochs} epochs) and watch the exact-match accuracy: the share of validation dates written with every character right.',
        'zh-CN': '按“训练”（{epochs} 个轮次），观察完全匹配准确率：每个字符都写对的验证日期所占的比例。',
      },
      runs: [{ preset: 'translation', label: { en: 'Train: translation', 'zh-CN': '训练：翻译' } }],
    },
    {
      kind: 'look',
      preset: 'translation',
      title: { en: 'Look inside', 'zh-CN': '看看内部' },
      body: {
        en: 'Translation: each row is a character the model wrote, each column a character it read, shaded by the attention weight. The view opens on “Wednesday, 31 July 1991”: follow the rows of the year, then of the month. Compare the matrix after epoch 1 with the last.',
        'zh-CN':
          '“翻译”视图：每一行是模型写出的一个字符，每一列是它读入的一个字符，颜色深浅表示注意力权重。视图打开在 “Wednesday, 31 July 1991” 上：先看年份的几行，再看月份的几行。把第 1 轮之后的矩阵与最后一轮对比。',
      },
    },
    {
      kind: 'reveal',
      preset: 'translation',
      title: { en: 'What it shows', 'zh-CN': '结果说明' },
      body: { en: 'The answer, as the story’s checks measure it:', 'zh-CN': '答案（由故事的检验测得）：' },
      answers: 2,
      show: ['inside'],
      facts: [
        {
          preset: 'translation',
          claims: ['translation-exact-match', 'year-looks-at-year'],
          text: {
            en: 'After {epochs} epochs the exact-match accuracy on validation passes 95%. Across the validation dates, the year’s four output characters put more than three quarters of their attention on the characters that write the year, at the end of “Wednesday, 31 July 1991” and at the start of “1991年7月31日” alike: attention finds the year wherever the format puts it.',
            'zh-CN':
              '{epochs} 轮之后，验证集上的完全匹配准确率超过 95%。在所有验证日期中，输出中年份的四个字符把四分之三以上的注意力放在写年份的那些字符上，无论年份在 “Wednesday, 31 July 1991” 的末尾还是在 “1991年7月31日” 的开头：无论格式把年份写在哪里，注意力都能找到它。',
          },
        },
      ],
    },
    {
      kind: 'predict',
      preset: 'translation',
      title: { en: 'Predict: the month', 'zh-CN': '预测：月份' },
      body: {
        en: 'The model writes “07”, the month of “Wednesday, 31 July 1991”. The encoder read the date left to right, one character at a time; the decoder looks at the encoder’s state at each character. Where do the month’s two digits look?',
        'zh-CN':
          '模型写出 “Wednesday, 31 July 1991” 的月份 “07”。编码器从左往右逐个字符读入日期；解码器看的是编码器在每个字符处的状态。月份的这两个数字看向哪里？',
      },
      choices: [
        {
          en: 'At “July”, or just after it: where enough of the name has been read to know the month',
          'zh-CN': '看 “July” 或紧随其后的字符：读到那里，才足以知道是哪个月',
        },
        { en: 'At “J”: the name starts there', 'zh-CN': '看 “J”：名字从那里开始' },
        { en: 'At “31”: the only digits near them', 'zh-CN': '看 “31”：附近唯一的数字' },
      ],
      right: 0,
      claim: 'month-looks-at-month',
    },
    {
      kind: 'reveal',
      preset: 'translation',
      title: { en: 'What it shows', 'zh-CN': '结果说明' },
      body: {
        en: 'Type a date of your own into the box below the matrix, in another format (“1.12.2020”: is the month 1 or 12 before the dot?), and follow the month’s rows.',
        'zh-CN':
          '在矩阵下面的输入框里输入你自己的一个日期，换一种格式（“1.12.2020”：读到点之前，月份是 1 还是 12？），看看月份的那几行。',
      },
      answers: 6,
      show: ['inside'],
      facts: [
        {
          preset: 'translation',
          claims: ['month-looks-at-month'],
          text: {
            en: 'Across the validation dates, the month’s two digits put more than three quarters of theirs on the month as written or the character just after it: after “J” the encoder cannot yet tell January, June and July apart.',
            'zh-CN':
              '在所有验证日期中，月份的两个数字把四分之三以上的注意力放在所写的月份或紧随其后的那个字符上：读到 “J” 时，编码器还分不清一月、六月和七月。',
          },
        },
      ],
    },
  ],
};
