"""The Chinese of the results records' notes (``results/*.json``): English note → Chinese note.

Part of the one message catalogue (:data:`course_utils.messages_zh.ZH` includes it). A note is data written by
an experiment, numbers included, so an entry matches one run's exact text: a re-run that changes a number makes
``tests/test_i18n.py`` fail until the entry follows it (the English note is shown until then).
"""

from __future__ import annotations

RECORDS: dict[str, str] = {
    # results/elmo-pd.json
    "The settings of the PTB run (`elmo`): 2 LSTM layers of 256 cells projected to 128 per direction, Adam at "
    "0.001, batch 32 sentences; 2 epochs instead of the PTB run's 5 (a CPU budget: 41.3 min with 1 thread(s), "
    "beside the other Chinese runs), so it is less trained than the English biLM; the character CNN reads each "
    "word's characters.": (
        "沿用 PTB 上那次运行（`elmo`）的设置：每个方向 2 层 LSTM，每层 256 个单元，投影到 128 维；Adam，"
        "学习率 0.001；每批 32 个句子。只训练 2 个轮次，而不是 PTB 运行的 5 个（受 CPU 时间所限：耗时 41.3 min，"
        "用 1 个线程，与其他中文实验同时运行），因此它比英文的双向语言模型训练得少；字符卷积（char-CNN）"
        "读入每个词的各个字。"
    ),
    "Valid by epoch (geometric mean of the two directions): 331.9, 233.7. Each sentence starts afresh (no state "
    "carried), as for the PTB biLM: these perplexities compare with models that read one sentence at a time, not "
    "with lstm-pd's LSTM, which carries its state across sentences.": (
        "各训练轮次后的验证集困惑度（两个方向的几何平均）：331.9, 233.7。与 PTB 上的双向语言模型一样，"
        "每个句子都从头开始（不传递状态）：这些困惑度可以与逐句读入的模型相比，而不能与 lstm-pd 的 LSTM 相比，"
        "后者的状态跨句子传递。"
    ),
    "Bits per character as in nnlm-pd: every unknown word also pays for its spelling by a character unigram.": (
        "每字比特数的算法与 nnlm-pd 相同：每个未登录词还要另外计入用字的一元模型拼写出它的代价。"
    ),
    "Checkpoint: results/elmo-pd.pt (SHA-256 1d26be0891bf...); its float16 copy data/elmo-pd.pt is what notebook "
    "09 loads.": (
        "检查点：results/elmo-pd.pt（SHA-256 1d26be0891bf...）；"
        "它的 float16 副本 data/elmo-pd.pt 就是笔记本 09 所加载的文件。"
    ),
    # results/elmo-probes-pd.json
    "POS probe: softmax regression on standardised features, trained on the first 1,000 sentences of People's "
    "Daily valid (22,248 tokens), tested on the first 1,000 of test (21,549 tokens); PKU's tags mapped to 12 "
    "universal POS tags (course_utils.chinese.PKU_TO_UPOS: classifiers as NOUN, localisers as ADP, as UD's "
    "Chinese treebanks do), punctuation removed as in the English probe. Both splits are held out from the biLM's "
    "training.": (
        "词性探针：在标准化后的特征上做 softmax 回归，在《人民日报》验证集的前 1,000 个句子（22,248 个词元）上训练，"
        "在测试集的前 1,000 个句子（21,549 个词元）上测试；"
        "PKU 的词性标记映射为 12 个通用词性标记（course_utils.chinese.PKU_TO_UPOS：与 UD 的中文树库一样，"
        "量词归为 NOUN，方位词归为 ADP），并像英文探针那样去掉标点。这两部分数据都不参与双向语言模型的训练。"
    ),
    "Sense 1-NN: the first 100 People's Daily train occurrences of each sense, the sense read from the gold tag "
    "(地: particle u or noun n; 上: localiser f or verb v); the share whose nearest other occurrence has the same "
    "sense. Static vectors give every occurrence one vector: their cell is chance. 会 as a noun (meeting) would "
    "be the closest twin of *may*, but PKU segments 会议 and 大会 as words, so 会/n occurs only 11 times in train.": (
        "词义 1-NN：每个词义取它在《人民日报》训练集中的前 100 次出现，词义读自标准标注（地：助词 u 或名词 n；上："
        "方位词 f 或动词 v）；统计其中最近的另一次出现与它词义相同的比例。静态词向量给每次出现同一个向量："
        "它们这一栏只是随机水平。作名词（会议）用的“会”本是与 *may* 最相近的对应，但 PKU 把“会议”和“大会”"
        "切分为一个词，所以 会/n 在训练集中只出现 11 次。"
    ),
    "wordsim-240, CA8: each layer averaged over a word's first 20 train occurrences into one vector per word.": (
        "wordsim-240 与 CA8：每一层在一个词于训练集中的前 20 次出现上取平均，每个词得到一个向量。"
    ),
    # results/elmo-probes.json
    "The float16 checkpoint's test perplexity: 150.4 forward / 151.3 backward.": (
        "float16 检查点的测试集困惑度：前向 150.4 / 后向 151.3。"
    ),
    "POS probe: softmax regression on standardised features, trained on UD EWT dev (21,932 tokens), tested on UD "
    "EWT test (21,847 tokens), 14 universal POS tags (punctuation, symbols and foreign words removed: PTB's text "
    "has none); words lower-cased, digits as N. Static vectors give words outside PTB's vocabulary a zero vector.": (
        "词性探针：在标准化后的特征上做 softmax 回归，在 UD EWT 开发集（21,932 个词元）上训练，"
        "在 UD EWT 测试集（21,847 个词元）上测试，共 14 个通用词性标记（去掉了标点、符号和外来词："
        "PTB 的文本中没有这些）；单词转为小写，数字记作 N。静态词向量给 PTB 词表之外的词一个零向量。"
    ),
    "may: sense 1-NN: the first 100 PTB-train occurrences of each sense of *may* (month after a time word or "
    "before a number, else modal); the share whose nearest other occurrence has the same sense. Static vectors "
    "give every occurrence the same vector: chance.": (
        "may：词义 1-NN：*may* 的每个词义取它在 PTB 训练集中的前 100 次出现（位于时间词之后或数字之前的是月份，"
        "其余为情态动词）；统计其中最近的另一次出现与它词义相同的比例。静态词向量给每次出现同一个向量："
        "只能达到随机水平。"
    ),
    "WS-353, SimLex, analogies: each ELMo layer averaged over a word's first 20 PTB-train occurrences into one "
    "vector per word; the Google analogies split into semantic and syntactic (gram*) sections.": (
        "WS-353、SimLex 与词类比：ELMo 的每一层在一个词于 PTB 训练集中的前 20 次出现上取平均，每个词得到一个向量；"
        "Google 类比题分为语义部分和句法部分（gram*）。"
    ),
    # results/elmo.json
    "biLM: char-CNN token encoder, 2 LSTM layers of 256 cells projected to 128 per direction, residual, dropout "
    "0.1, 2.85M parameters; Adam at 0.001, batch 32, 5 epochs over PTB train in 50 min (1 thread).": (
        "双向语言模型：字符卷积（char-CNN）词元编码器，每个方向 2 层 LSTM，每层 256 个单元、投影到 128 维，"
        "带残差连接，dropout 0.1，共 2.85M 个参数；Adam，学习率 0.001，批大小 32，在 PTB 训练集上训练 5 个轮次，"
        "用时 50 min（1 个线程）。"
    ),
    "Perplexity counts the words and one </s> per sentence; each sentence starts afresh (no state carried). Valid "
    "by epoch (geometric mean of the two directions, rounded): 270, 205, 179, 166, 157.": (
        "困惑度计入所有词以及每个句子的一个 </s>；每个句子都从头开始（不传递状态）。"
        "各训练轮次后的验证集困惑度（两个方向的几何平均，取整）：270, 205, 179, 166, 157。"
    ),
    "Checkpoint: results/elmo-ptb.pt; its float16 copy data/elmo-ptb.pt (listed in data/MANIFEST.json, verified "
    "by SHA-256 when loaded) is what notebook 09 loads and has the same test perplexity to one decimal.": (
        "检查点：results/elmo-ptb.pt；它的 float16 副本 data/elmo-ptb.pt（列在 data/MANIFEST.json 中，"
        "加载时用 SHA-256 校验）就是笔记本 09 所加载的文件，其测试集困惑度精确到一位小数时与原检查点相同。"
    ),
    # results/glove.json
    "GloVe: the paper's settings: dimension 100, symmetric window 10 with 1/d weighting, x_max 100, α 0.75, "
    "AdaGrad at 0.05, 50 epochs over the 2,904,189 non-zero entries, vectors W + W̃ unless stated. Counting the "
    "window-10 matrix took 2.6 s, not included in the GloVe rows.": (
        "GloVe 采用论文的设置：维度 100，对称窗口 10，按 1/d 加权，x_max 100，α 0.75，AdaGrad，学习率 0.05，"
        "训练 50 个轮次，遍历 2,904,189 个非零元素；除非另有说明，词向量取 W + W̃。"
        "统计窗口为 10 的共现矩阵用了 2.6 s，未计入 GloVe 各行的用时。"
    ),
    "PPMI-SVD: α = 0.75, truncated SVD of rank 100, U·Σ^0.5, rows normalised. word2vec: the settings of the "
    "`word2vec` experiment (dimension 100, window 5, 5 negatives, 5 epochs).": (
        "PPMI-SVD：α = 0.75，秩为 100 的截断 SVD，U·Σ^0.5，按行归一化。word2vec："
        "采用 `word2vec` 实验的设置（维度 100，窗口 5，5 个负样本，5 个训练轮次）。"
    ),
    "On this corpus 99.9% of the non-zero counts are below x_max, so the weighting function f gives most of the "
    "evidence little weight (median f = 0.014); the paper's corpora have 6-42 billion words.": (
        "在这个语料上，99.9% 的非零计数都低于 x_max，所以权重函数 f 给大部分证据的权重都很小（f 的中位数 = 0.014）；"
        "而论文的语料有 6-42 B 个词（B 即十亿）。"
    ),
    "Analogy accuracy is 3CosAdd over the covered questions; one thread.": (
        "类比准确率按 3CosAdd 在覆盖到的题目上计算；单线程。"
    ),
    # results/induction.json
    "2 attention-only layers (no MLP) of width 64, 2 heads, learned positions; sequences of 48 tokens over 64 "
    "symbols, the repeated segment 12 to 24 tokens long; Adam at 0.003, 3000 steps of 64 fresh sequences; losses "
    "on 256 held-out sequences. ln 64 = 4.159 nats is guessing.": (
        "模型为 2 层纯注意力层（没有 MLP），宽度 64，2 个头，位置编码由学习得到；每个序列长 48 个词元，"
        "取自 64 个符号，重复片段长 12 到 24 个词元；Adam，学习率 0.003，训练 3000 步，每步用 64 个新生成的序列；"
        "损失在 256 个留存序列上计算。ln 64 = 4.159 nat 相当于随机猜测。"
    ),
    "Attention scores on 512 new sequences (mean weight on the previous token; on the token after the earlier "
    "occurrence, in the second copy): layer 1 head 1: previous-token 0.04, induction 0.07; layer 1 head 2: "
    "previous-token 0.03, induction 0.08; layer 2 head 1: previous-token 0.10, induction 0.02; layer 2 head 2: "
    "previous-token 0.10, induction 0.02.": (
        "在 512 个新序列上的注意力得分（前一词元：落在前一个词元上的平均权重；归纳：在第二份拷贝中，"
        "落在先前那次出现的下一个词元上的平均权重）：第 1 层第 1 个头：前一词元 0.04，归纳 0.07；第 1 层第 2 个头："
        "前一词元 0.03，归纳 0.08；第 2 层第 1 个头：前一词元 0.10，归纳 0.02；第 2 层第 2 个头：前一词元 0.10，"
        "归纳 0.02。"
    ),
    "Trained in 2.0 min on one CPU thread.": "在单个 CPU 线程上训练，用时 2.0 min。",
    # results/kn5-vs-nltk.json
    "NLTK takes 22 times as long to fit and 4.0 times the memory (one run each, same machine, each in a fresh "
    "process; memory is the peak of that process, Python and the data included).": (
        "NLTK 的拟合用时是我们的 22 倍，内存是 4.0 倍（各运行一次，同一台机器，各在一个新进程中；内存为该进程的峰值，"
        "包括 Python 本身和数据）。"
    ),
    "Fitting means counting every n-gram of orders 1-5; ours also computes continuation counts and discounts, "
    "while NLTK defers that work to scoring time.": (
        "拟合指统计 1-5 阶的每个 n 元语法；我们的实现还会计算延续计数和折扣，而 NLTK 把这部分工作推迟到打分时。"
    ),
    "NLTK's padded_everygram_pipeline pads both ends with n-1 markers, so its counts differ slightly; this row "
    "compares speed and memory, not perplexity.": (
        "NLTK 的 padded_everygram_pipeline 在两端各填充 n-1 个标记，所以它的计数略有不同；这一行比较的是速度和内存，"
        "而不是困惑度。"
    ),
    # results/lstm-pd.json
    "The recipe of lstm-ptb unchanged: 10 epochs (best: 10), 102.9 min on this machine's CPU, 1,533 training "
    "words/s (validation passes included).": (
        "训练方案与 lstm-ptb 完全相同：10 个训练轮次（最佳：10），在本机 CPU 上用时 102.9 min，"
        "训练速度 1,533 词/秒（含验证集上的评估）。"
    ),
    "validation perplexity by epoch: 209.9, 163.5, 149.7, 138.6, 139.4, 129.8, 128.5, 128.5, 128.4, 128.1; "
    "learning rate after each epoch: 20, 20, 20, 20, 10, 5, 2.5, 1.25, 0.625, 0.3125.": (
        "各训练轮次后的验证集困惑度：209.9, 163.5, 149.7, 138.6, 139.4, 129.8, 128.5, 128.5, 128.4, 128.1；"
        "每个训练轮次之后的学习率：20, 20, 20, 20, 10, 5, 2.5, 1.25, 0.625, 0.3125。"
    ),
    "Words, vocabulary and bits per character as in nnlm-pd (course_utils.chinese); the state runs on across "
    "sentences, as on PTB. The mixture weight is fitted by EM on the validation set only.": (
        "分词、词表和每字比特数都与 nnlm-pd 相同（course_utils.chinese）；与在 PTB 上一样，状态跨句子持续传递。"
        "混合权重只在验证集上用 EM 拟合。"
    ),
    # results/lstm-ptb.json
    "Embeddings and hidden size 200, every weight drawn from ±0.1, batch 20, BPTT 20 steps, SGD with learning "
    "rate 20 on the mean loss per token (Zaremba's 1 on the loss summed over the 20 steps), halved after every "
    "epoch from epoch 5 on, gradient norm clipped at 0.25 (their 5), no dropout, 10 epochs (Zaremba et al. train "
    "13), the best validation epoch kept.": (
        "词向量和隐藏层大小均为 200，每个权重在 ±0.1 范围内随机抽取，批大小 20，BPTT 20 步，SGD 的学习率为 20，"
        "作用于每个词元的平均损失（Zaremba 用的是 1，作用于 20 步的损失之和），从第 5 个训练轮次起每轮之后减半，"
        "梯度范数裁剪到 0.25（他们用 5），不用 dropout，训练 10 个轮次（Zaremba 等人训练 13 个），"
        "保留验证集上最好的那个训练轮次。"
    ),
    "Perplexity counts every word and one </s> per sentence, as for the n-gram models (KN5: 141.2 on test); the "
    "state runs on across sentences, as in Mikolov's RNNLM. Words/s include validation passes.": (
        "与 n 元语法模型一样，困惑度计入每个词以及每个句子的一个 </s>（KN5：测试集上 141.2）；"
        "与 Mikolov 的 RNNLM 一样，状态跨句子持续传递。词/秒包括验证集上的评估。"
    ),
    "It ran side by side with the course's first vanilla-RNN run, one thread each.": (
        "它与本课程第一次普通 RNN 的运行同时进行，各用一个线程。"
    ),
    # results/ngram-mle-ptb.json
    "Perplexity counts one </s> per sentence (73,760 valid / 82,430 test tokens), as Mikolov and KenLM do.": (
        "与 Mikolov 和 KenLM 的做法一样，困惑度为每个句子计入一个 </s>（验证集 73,760 / 测试集 82,430 个词元）。"
    ),
    "count time = encoding the training set and counting all its n-grams of orders 1..n (at n = 1 it also "
    "includes building the vocabulary, which the other orders reuse).": (
        "计数用时 = 对训练集编码并统计其中 1..n 阶全部 n 元语法的时间（n = 1 时还包括构建词表，其他阶数复用这个词表）。"
    ),
    "No published MLE numbers exist: any unseen test n-gram makes MLE perplexity infinite. Published smoothed PTB "
    "test perplexities to beat in notebook 02 (Mikolov 2012, Table 4.1): Good-Turing 3-gram 165.2, Kneser-Ney "
    "3-gram 148.3, KN 5-gram 141.2.": (
        "没有已发表的 MLE 结果：测试集中只要有一个未见过的 n 元语法，MLE 的困惑度就是无穷大。笔记本 02 中要超越的、"
        "已发表的平滑模型 PTB 测试集困惑度（Mikolov 2012，表 4.1）：Good-Turing 3-gram 165.2，"
        "Kneser-Ney 3-gram 148.3，KN 5-gram 141.2。"
    ),
    "Industrial peer: KenLM's lmplz only estimates modified Kneser-Ney models, so it has no MLE to compare with; "
    "the counts themselves are checked against a plain dictionary count in tests/test_ngram.py.": (
        "工业界的同类工具：KenLM 的 lmplz 只估计修正的 Kneser-Ney 模型，因此没有 MLE 可供对照；"
        "计数本身则在 tests/test_ngram.py 中与直接用字典计数的结果核对。"
    ),
    # results/ngram-ptb.json
    "Published numbers reproduced to the printed decimal: 4 of 4 (Katz, SRILM defaults 3-gram, Katz, SRILM "
    "defaults 5-gram, modified Kneser-Ney 3-gram, modified Kneser-Ney 5-gram); largest gap +0.0.": (
        "已发表的数字按所印的小数位复现：4 项中的 4 项（Katz（SRILM 默认设置）3-gram，Katz（SRILM 默认设置）5-gram，"
        "修正的 Kneser-Ney 3-gram，修正的 Kneser-Ney 5-gram）；最大差距 +0.0。"
    ),
    "Each cell is validation / test perplexity with one </s> per sentence; every model has the same 10,000-word "
    "vocabulary (<unk> an ordinary word). Katz, absolute discounting and both Kneser-Neys condition on a single "
    "<s> at sentence starts, as SRILM and KenLM do.": (
        "每个单元格是验证集 / 测试集困惑度，每个句子计入一个 </s>；"
        "所有模型使用同一个 10,000 词的词表（<unk> 是其中的一个普通词）。与 SRILM 和 KenLM 一样，Katz、"
        "绝对折扣和两种 Kneser-Ney 在句首只以一个 <s> 为条件。"
    ),
    "Katz, SRILM defaults = k=7 (counts up to 7 discounted) and n-grams of order >= 3 seen once dropped (SRILM's "
    "-gt3min 2): the setting of the published Good-Turing numbers.": (
        "“Katz, SRILM defaults”即 k=7（不超过 7 的计数打折），"
        "并丢弃阶数 >= 3 且只出现一次的 n 元语法（SRILM 的 -gt3min 2）：这是已发表的 Good-Turing 结果所用的设置。"
    ),
    "Published: Mikolov et al. 2011 and Mikolov 2012 (Table 4.1), PTB test set: Good-Turing 3-gram 165.2, 5-gram "
    "162.3; Kneser-Ney 3-gram 148.3, 5-gram 141.2 (SRILM's modified Kneser-Ney).": (
        "已发表的结果：Mikolov 等人（2011）与 Mikolov（2012，表 4.1），PTB 测试集：Good-Turing 3-gram 165.2，"
        "5-gram 162.3；Kneser-Ney 3-gram 148.3，5-gram 141.2（SRILM 的修正 Kneser-Ney）。"
    ),
    "Jelinek-Mercer fits its lambdas by EM on the validation set, so its validation number is optimistic.": (
        "Jelinek-Mercer 在验证集上用 EM 拟合其 lambda 权重，因此它在验证集上的数字偏乐观。"
    ),
    "At n=1 the discounting methods interpolate with the uniform distribution; Katz keeps the ML unigram.": (
        "在 n=1 时，各折扣方法与均匀分布插值；Katz 则保留最大似然的一元模型。"
    ),
    # results/ngram-zh.json
    "Each cell is validation / test perplexity, one </s> predicted per sentence; the split and the vocabularies "
    "are course_utils.chinese's (People's Daily: contiguous blocks of the month, 80/10/10; words: the 9,999 most "
    "frequent training words and <unk>; characters: every training character) and, for 《红楼梦》, the first 80 % "
    "of its sentences train, the next 10 % valid, the last 10 % test, punctuation dropped.": (
        "每个单元格是验证集 / 测试集困惑度，每个句子预测一个 </s>；"
        "数据划分和词表来自 course_utils.chinese（《人民日报》：把这个月的文本按连续的块划分为 80/10/10；词："
        "训练集中最常见的 9,999 个词加上 <unk>；字：训练集中的每一个字），《红楼梦》则以前 80 % 的句子为训练集，"
        "接下来的 10 % 为验证集，最后 10 % 为测试集，并去掉标点。"
    ),
    "Best test perplexity per corpus: People's Daily, words 152.3 (modified Kneser-Ney, n=5); People's Daily, "
    "characters 53.9 (modified Kneser-Ney, n=5); 《红楼梦》, characters 80.0 (modified Kneser-Ney, n=5).": (
        "各语料上最好的测试集困惑度：《人民日报》词级 152.3（修正的 Kneser-Ney，n=5）；"
        "《人民日报》字级 53.9（修正的 Kneser-Ney，n=5）；《红楼梦》字级 80.0（修正的 Kneser-Ney，n=5）。"
    ),
    "Word and character perplexities of the same text do not compare: a word model makes one prediction per word "
    "(1.64 characters on average in the test set), a character model one per character. Per character, with every "
    "unknown word spelled by a character unigram: modified Kneser-Ney on words n=1 7.808, n=2 6.708, n=3 6.524, "
    "n=4 6.496, n=5 6.491 bits/char; on characters n=1 9.443, n=2 6.686, n=3 5.904, n=4 5.775, n=5 5.753 "
    "bits/char.": (
        "同一文本上的词级困惑度与字级困惑度不能直接比较：词模型每个词做一次预测（测试集中平均每词 1.64 个字），"
        "字模型则每个字做一次预测。换算到每个字，并让每个未登录词由字的一元模型拼写出来："
        "修正的 Kneser-Ney 在词上 n=1 7.808，n=2 6.708，n=3 6.524，n=4 6.496，n=5 6.491 比特/字；在字上 n=1 9.443，"
        "n=2 6.686，n=3 5.904，n=4 5.775，n=5 5.753 比特/字。"
    ),
    # (its note 'Jelinek-Mercer fits its lambdas by EM on'... is the same as in results/ngram-ptb.json, entry above)
    # results/nnlm-pd.json
    "The recipe of nnlm-ptb unchanged: 10 epochs (best: 10), 111.2 min on this machine's CPU, 1,418 training "
    "words/s (validation passes included).": (
        "训练方案与 nnlm-ptb 完全相同：10 个训练轮次（最佳：10），在本机 CPU 上用时 111.2 min，"
        "训练速度 1,418 词/秒（含验证集上的评估）。"
    ),
    "validation perplexity by epoch: 279.7, 237.4, 220.2, 212.0, 205.6, 200.0, 199.1, 186.1, 180.8, 179.2; "
    "learning rate after each epoch: 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.0005, 0.00025, 0.000125.": (
        "各训练轮次后的验证集困惑度：279.7, 237.4, 220.2, 212.0, 205.6, 200.0, 199.1, 186.1, 180.8, 179.2；"
        "每个训练轮次之后的学习率：0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.0005, 0.00025, 0.000125。"
    ),
    "Vocabulary: the 9,999 most frequent training words and <unk>, as PTB's; 10.8% of the test words are outside "
    "it (PTB's test: 6.1% <unk>): Chinese news is full of names and numbers.": (
        "词表：与 PTB 一样，取训练集中最常见的 9,999 个词加上 <unk>；测试集中有 10.8% 的词在词表之外（PTB 的测试集："
        "6.1% 为 <unk>）：中文新闻里满是人名、地名等专名和数字。"
    ),
    "Bits per character: the test set's whole cost (every word, one </s> per sentence, and the spelling of each "
    "unknown word by a character unigram fitted on train) over its characters (one per sentence end included), "
    "the measure that compares a word model with a character model of the same text; ppl/char = 2^bits.": (
        "每字比特数：测试集的全部代价（每个词、每个句子的一个 </s>，"
        "以及用在训练集上拟合的字一元模型拼写每个未登录词的代价）除以它的字数（每个句尾也算一个），"
        "这一度量可以在同一文本上比较词模型与字模型；ppl/char = 2^bits。"
    ),
    "The mixture weight is fitted by EM on the validation set only; the test set chooses nothing.": (
        "混合权重只在验证集上用 EM 拟合；测试集不参与任何选择。"
    ),
    # results/nnlm-ptb.json
    "Training: Adam (lr 0.001) on batches of 256 contexts, dropout 0.3 on the context vectors and the hidden "
    "layer, and the RNNLM toolkit's schedule: halve the rate once an epoch gains less than 0.3% on validation, "
    "stop when one gains less than that again, undo an epoch that makes it worse. 8 epochs (best: 8), 59.7 min on "
    "this machine's CPU, 2,077 training words/s (validation passes included). The recipe's sources are in the "
    "experiment's docstring.": (
        "训练：Adam（学习率 0.001），每批 256 个上下文，在上下文向量和隐藏层上使用 dropout 0.3，"
        "并采用 RNNLM 工具包的学习率规则：一旦某个训练轮次在验证集上的改善不足 0.3%，就把学习率减半，"
        "再有一个训练轮次的改善低于这一幅度时停止，使验证集变差的训练轮次则撤销。共 8 个训练轮次（最佳：8），"
        "在本机 CPU 上用时 59.7 min，训练速度 2,077 词/秒（含验证集上的评估）。"
        "训练方案中各项设置的出处写在该实验的文档字符串中。"
    ),
    "validation perplexity by epoch: 262.8, 225.2, 207.7, 205.4, 191.2, 184.8, 181.3, 180.5; learning rate after "
    "each epoch: 0.001, 0.001, 0.001, 0.0005, 0.00025, 0.000125, 6.25e-05.": (
        "各训练轮次后的验证集困惑度：262.8, 225.2, 207.7, 205.4, 191.2, 184.8, 181.3, 180.5；"
        "每个训练轮次之后的学习率：0.001, 0.001, 0.001, 0.0005, 0.00025, 0.000125, 6.25e-05。"
    ),
    "Published: Mikolov et al. 2011 and Mikolov 2012, Table 4.1 (PTB test): feedforward NNLM 140.2, KN5 141.2, "
    "NNLM interpolated with KN5 116.7.": (
        "已发表的结果：Mikolov 等人（2011）与 Mikolov（2012），表 4.1（PTB 测试集）：前馈 NNLM 140.2，KN5 141.2，"
        "NNLM 与 KN5 插值 116.7。"
    ),
    "The mixture is 11% below Kneser-Ney's test perplexity (published: 17%); the NNLM alone is +18% against the "
    "published feedforward NNLM.": (
        "混合模型的测试集困惑度比 Kneser-Ney 低 11%（已发表的结果：17%）；单独的 NNLM 与已发表的前馈 NNLM 相比为 +18%。"
    ),
    "The mixture weight is fitted by EM on the validation set only (so its validation number is optimistic); the "
    "test set chooses nothing.": (
        "混合权重只在验证集上用 EM 拟合（因此它在验证集上的数字偏乐观）；测试集不参与任何选择。"
    ),
    # results/ppmi-svd.json
    "Vocabulary: the 9,858 words seen at least 5 times, for every row. Count rows: symmetric window counts, the "
    "weighting shown, truncated SVD (ARPACK) of rank 100 unless stated, vectors U·Σ^p with p = 0.5 unless stated, "
    "rows normalised. α is the context-distribution smoothing exponent; 'shift k' subtracts log k (the matrix "
    "skip-gram with k negatives factorises).": (
        "词表：各行都使用同一个词表，即 9,858 个至少出现 5 次的词。基于计数的各行：对称窗口计数，按行中所示方式加权，"
        "除非另有说明，做秩为 100 的截断 SVD（ARPACK），词向量取 U·Σ^p，除非另有说明 p = 0.5，按行归一化。"
        "α 是上下文分布平滑的指数；“shift k”表示减去 log k（带 k 个负样本的跳字模型所分解的正是这个矩阵）。"
    ),
    "word2vec rows: the settings of the `word2vec` experiment (dimension 100, window 5, 5 negatives, 5 epochs).": (
        "word2vec 各行：采用 `word2vec` 实验的设置（维度 100，窗口 5，5 个负样本，5 个训练轮次）。"
    ),
    "Seconds include counting the first time a window is used, weighting and SVD; analogy accuracy is 3CosAdd "
    "over the covered questions.": (
        "秒数包括某个窗口第一次使用时的计数、加权和 SVD；类比准确率按 3CosAdd 在覆盖到的题目上计算。"
    ),
    "PPMI rows (of 9) that beat each other row on WS-353 / SimLex / analogies: raw counts, window 5: 9 / 9 / 9; "
    "log counts, window 5: 9 / 9 / 8; word2vec skipgram (ours): 9 / 3 / 9; word2vec cbow (ours): 9 / 6 / 8. "
    "Differences below about 0.03 are within the noise of these small test sets.": (
        "PPMI 各行（共 9 行）中，在 WS-353 / SimLex / 词类比上胜过下列各行的行数：原始计数、窗口 5：9 / 9 / 9；"
        "对数计数、窗口 5：9 / 9 / 8；word2vec skipgram（我们的实现）：9 / 3 / 9；word2vec cbow（我们的实现）："
        "9 / 6 / 8。低于约 0.03 的差异都在这些小测试集的噪声范围之内。"
    ),
    # results/rnnlm-ptb.json
    "Recipe: embeddings 200, 300 tanh units, weights from ±0.1, batches of 20 streams × 20 steps (truncated BPTT, "
    "state carried across batches), Adam at 0.002, gradient norm clipped at 0.25, dropout 0.3 on the embeddings "
    "and the RNN's output, and the RNNLM toolkit's schedule: halve the rate once an epoch gains less than 0.3% on "
    "validation, stop when one gains less than that again, undo an epoch that makes it worse (at most 11 epochs). "
    "The recipe's sources are in the experiment's docstring.": (
        "训练方案：词向量 200 维，300 个 tanh 单元，权重在 ±0.1 范围内随机抽取，每批 20 条数据流 × 20 步（截断 BPTT，"
        "状态跨批次传递），Adam，学习率 0.002，梯度范数裁剪到 0.25，在词向量和 RNN 的输出上使用 dropout 0.3，"
        "并采用 RNNLM 工具包的学习率规则：一旦某个训练轮次在验证集上的改善不足 0.3%，就把学习率减半，"
        "再有一个训练轮次的改善低于这一幅度时停止，使验证集变差的训练轮次则撤销（最多 11 个训练轮次）。"
        "训练方案中各项设置的出处写在该实验的文档字符串中。"
    ),
    "validation perplexity by epoch: 202.1, 180.8, 179.5, 160.4, 149.8, 144.8, 139.4, 136.4, 134.3, 133.6; "
    "learning rate after each epoch: 0.002, 0.002, 0.001, 0.0005, 0.00025, 0.000125, 6.25e-05, 3.125e-05, "
    "1.5625e-05.": (
        "各训练轮次后的验证集困惑度：202.1, 180.8, 179.5, 160.4, 149.8, 144.8, 139.4, 136.4, 134.3, 133.6；"
        "每个训练轮次之后的学习率：0.002, 0.002, 0.001, 0.0005, 0.00025, 0.000125, 6.25e-05, 3.125e-05, 1.5625e-05。"
    ),
    "Perplexity counts every word and one </s> per sentence, as for the n-gram models; the state runs on across "
    "sentences, as in Mikolov's RNNLM. Words/s include validation passes.": (
        "与 n 元语法模型一样，困惑度计入每个词以及每个句子的一个 </s>；与 Mikolov 的 RNNLM 一样，状态跨句子持续传递。"
        "词/秒包括验证集上的评估。"
    ),
    # (its note 'The mixture weight is fitted by EM on the'... is the same as in results/nnlm-ptb.json, entry above)
    # results/scaling-ptb.json
    "Fit: L(N) = 7.3·N^(−0.227) + 5.065 nats (least squares over L∞, then a line in log-log).": (
        "拟合结果：L(N) = 7.3·N^(−0.227) + 5.065 nat（先对 L∞ 做最小二乘，再在双对数坐标中拟合一条直线）。"
    ),
    "Every model saw the same 929,589 training tokens once (windows of 64, batches of 32, Adam at Kaplan et al.'s "
    "rate for each size after 200 warmup steps, no dropout); N counts the blocks and the final LayerNorm, not the "
    "embeddings (tied with the output layer).": (
        "每个模型都把同样的 929,589 个训练词元看过一遍（窗口 64，批大小 32，"
        "Adam 的学习率按 Kaplan 等人为每种规模给出的取值，先做 200 步学习率预热，不用 dropout）；"
        "N 计入各个块和最后的 LayerNorm，不计词向量（词向量与输出层权重共享）。"
    ),
    "Published exponents for comparison: Kaplan et al. (2020) α_N ≈ 0.076 for L(N) with data unlimited; Hoffmann "
    "et al. (2022) fit α ≈ 0.34 for the model-size term of L(N, D). With one pass over 0.9 M tokens the largest "
    "models are data-limited: L∞ here absorbs what a corpus this small cannot teach.": (
        "供对照的已发表指数：Kaplan 等人（2020）在数据不受限时 L(N) 的 α_N ≈ 0.076；Hoffmann 等人（2022）"
        "为 L(N, D) 中模型规模一项拟合出 α ≈ 0.34。只在 0.9 M 个词元上训练一遍，最大的几个模型受限于数据："
        "这里的 L∞ 吸收了这么小的语料教不会的东西。"
    ),
    # results/svd-timing.json
    "Log-log slope of the full SVD's time for n ≥ 2,000: 3.23 (the O(n³) of the reading notes is 3). The full SVD "
    "is skipped above n = 6,000 (extrapolated: about 524 s for all 9,858 words).": (
        "n ≥ 2,000 时，完整 SVD 的用时在双对数坐标中的斜率：3.23（读书笔记中的 O(n³) 对应斜率 3）。"
        "n = 6,000 以上不再做完整 SVD（外推：约 524 s，对应全部 9,858 个词）。"
    ),
    "Truncated and randomised SVD only multiply the sparse matrix by blocks of vectors, so their cost grows with "
    "the non-zeros times the rank. Randomised: 10 extra vectors, 7 power iterations. One thread.": (
        "截断 SVD 和随机化 SVD 只是用稀疏矩阵去乘一组组向量，所以代价随非零元个数与秩的乘积增长。随机化 SVD："
        "多取 10 个额外向量，做 7 次幂迭代。单线程。"
    ),
    # results/transformer-ptb.json
    "Recipe: embeddings and blocks of 200, 4 heads, MLP 4×200, learned positions, windows of 64 tokens in batches "
    "of 32, Adam at 0.001 after 500 warmup steps, gradient norm clipped at 1.0, dropout 0.2, the rate halved "
    "after every epoch from epoch 3 on, 6 epochs, the best validation epoch kept.": (
        "训练方案：词向量和各个块的宽度为 200，4 个头，MLP 为 4×200，位置编码由学习得到，窗口为 64 个词元，"
        "每批 32 个窗口，Adam 的学习率为 0.001（先做 500 步学习率预热），梯度范数裁剪到 1.0，dropout 0.2，"
        "从第 3 个训练轮次起每轮之后学习率减半，共 6 个训练轮次，保留验证集上最好的那个训练轮次。"
    ),
    "validation perplexity by epoch: 280.4, 187.3, 155.6, 136.7, 126.3, 121.7; learning rate after each epoch: "
    "0.001, 0.001, 0.0005, 0.00025, 0.000125, 6.25e-05.": (
        "各训练轮次后的验证集困惑度：280.4, 187.3, 155.6, 136.7, 126.3, 121.7；每个训练轮次之后的学习率："
        "0.001, 0.001, 0.0005, 0.00025, 0.000125, 6.25e-05。"
    ),
    "Perplexity counts every word and one </s> per sentence, as for every model of the course; the test text is "
    "read as one stream through a sliding window (each token sees 32 to 63 tokens before it).": (
        "与本课程的每个模型一样，困惑度计入每个词以及每个句子的一个 </s>；测试文本作为一整条数据流，"
        "通过滑动窗口读入（每个词元能看到它前面的 32 到 63 个词元）。"
    ),
    "The published Transformers are not this model made bigger only: Transformer-XL (Dai et al. 2019) adds "
    "recurrence over segments, relative positions and heavy regularisation (variational dropout, 24 M "
    "parameters); GPT-2's 35.8 is zero-shot, from 1.5 B parameters trained on 40 GB of web text (WebText), with "
    "detokenisation of PTB's text. The gap to them is mostly data and size.": (
        "已发表的 Transformer 并不只是把这个模型放大而已：Transformer-XL（Dai 等人，2019）加入了跨片段的循环、"
        "相对位置编码和强力的正则化（变分 dropout，24 M 个参数）；GPT-2 的 35.8 是零样本结果，来自一个有 1.5 B 参数、"
        "在 40 GB 网页文本（WebText）上训练的模型，并对 PTB 的文本做了去分词处理（detokenisation）。"
        "与它们的差距主要来自数据和规模。"
    ),
    # results/word-vectors-zh.json
    "Corpus: all of People's Daily 1998-01 as gold-segmented words (1,121,447 tokens, punctuation included), "
    "vocabulary the words seen at least 5 times; the column headers give each set's coverage (pairs or questions "
    "whose words are all in the vocabulary / all): a score is over the covered ones only.": (
        "语料：《人民日报》1998-01 的全部文本，按标准分词切分（1,121,447 个词元，含标点），词表为至少出现 5 次的词；"
        "列标题给出每个评测集的覆盖情况（所有词都在词表中的词对或题目数 / 总数）：得分只在覆盖到的部分上计算。"
    ),
    "word2vec: dimension 100, window 5, 5 negatives, 5 epochs, sample 0.001, 1 thread(s) for ours and for gensim, "
    "seeds 0, 1, 2. PPMI-SVD: α = 0.75, rank 100. GloVe: window 10 with 1/d weighting, 50 epochs. Seconds include "
    "building the vocabulary.": (
        "word2vec：维度 100，窗口 5，5 个负样本，5 个训练轮次，sample 0.001，我们的实现和 gensim 都用 1 个线程，"
        "随机种子 0, 1, 2。PPMI-SVD：α = 0.75，秩 100。GloVe：窗口 10，按 1/d 加权，50 个训练轮次。"
        "秒数包括构建词表的时间。"
    ),
    "skipgram: ours and gensim agree within two standard deviations on 4 of 4 sets; cbow: ours and gensim agree "
    "within two standard deviations on 3 of 4 sets.": (
        "跳字模型：我们的实现与 gensim 在 4 个评测集上（共 4 个）相差都在两个标准差以内；CBOW："
        "两者在 3 个评测集上（共 4 个）相差在两个标准差以内。"
    ),
    "Analogies are 3CosAdd accuracy; CA8-morphological asks for reduplication and affixes (天 → 天天, 老 + 师), "
    "CA8-semantic for geography, history, nature and people, CA-translated for capitals, states and family.": (
        "类比的得分是 3CosAdd 准确率；CA8 形态类考查重叠和词缀（天 → 天天，老 + 师），CA8 语义类考查地理、历史、"
        "自然和人物，CA-translated 考查首都、州和亲属关系。"
    ),
    "Evaluation sets: wordsim240, ca8_semantic, ca8_morphological, ca_translated (data set zh-word-eval). The "
    "first skip-gram (ours, seed 0) is saved as float16 to data/word2vec-pd.npz: the vectors that notebook 06's "
    "Chinese explorers load.": (
        "评测集：wordsim240、ca8_semantic、ca8_morphological、ca_translated（数据集 zh-word-eval）。"
        "第一个跳字模型（我们的实现，随机种子 0）以 float16 保存到 data/word2vec-pd.npz："
        "笔记本 06 的中文探索器加载的就是这些词向量。"
    ),
    # results/word2vec.json
    "Settings for both: dimension 100, window 5 (dynamic), 5 negative samples (unigram^0.75), sample 0.001, "
    "min_count 5, 5 epochs, learning rate 0.025 (skip-gram) / 0.05 (CBOW) falling linearly; 1 thread(s) each "
    "(torch intra-op, gensim workers); seeds 0, 1, 2.": (
        "两者的设置：维度 100，窗口 5（动态），5 个负样本（按 unigram^0.75 抽样），sample 0.001，min_count 5，"
        "5 个训练轮次，学习率 0.025（跳字模型）/ 0.05（CBOW），线性下降；各用 1 个线程（torch 的 intra-op 线程，"
        "gensim 的 workers）；随机种子 0, 1, 2。"
    ),
    "Coverage on full PTB: WS-353 67% of pairs, SimLex-999 57%, Google analogies 23.4% of questions (PTB's 10k "
    "lower-cased words, numbers as N). Analogy accuracy is 3CosAdd over the covered questions. Times include "
    "building the vocabulary; 'speed vs gensim' is gensim's mean time divided by ours (1 = as fast).": (
        "在整个 PTB 上的覆盖率：WS-353 为 67% 的词对，SimLex-999 为 57%，"
        "Google 类比题为 23.4% 的题目（PTB 的 10k 个小写词，数字记作 N）。类比准确率按 3CosAdd 在覆盖到的题目上计算。"
        "用时包括构建词表；“相对 gensim 的速度”是 gensim 的平均用时除以我们的平均用时（1 = 一样快）。"
    ),
    "CBOW vs skip-gram on PTB train / 8 (ahead = beyond both spreads): ours WS-353 ρ: within noise; ours SimLex "
    "ρ: within noise; ours analogy acc: within noise; gensim WS-353 ρ: within noise; gensim SimLex ρ: within "
    "noise; gensim analogy acc: within noise.": (
        "在 PTB 训练集的八分之一（PTB train / 8）上比较 CBOW 与跳字模型（“领先”指差距超出两者的标准差之和）："
        "我们的实现 WS-353 ρ：在噪声范围内；我们的实现 SimLex ρ：在噪声范围内；我们的实现类比准确率：在噪声范围内；"
        "gensim WS-353 ρ：在噪声范围内；gensim SimLex ρ：在噪声范围内；gensim 类比准确率：在噪声范围内。"
    ),
    "Ours vs gensim on PTB train / 8: skipgram WS-353 ρ: within noise; skipgram SimLex ρ: within noise; skipgram "
    "analogy acc: within noise; cbow WS-353 ρ: within noise; cbow SimLex ρ: within noise; cbow analogy acc: "
    "within noise.": (
        "在 PTB 训练集的八分之一（PTB train / 8）上比较我们的实现与 gensim：跳字模型 WS-353 ρ：在噪声范围内；"
        "跳字模型 SimLex ρ：在噪声范围内；跳字模型类比准确率：在噪声范围内；CBOW WS-353 ρ：在噪声范围内；"
        "CBOW SimLex ρ：在噪声范围内；CBOW 类比准确率：在噪声范围内。"
    ),
    "CBOW vs skip-gram on PTB train (ahead = beyond both spreads): ours WS-353 ρ: CBOW ahead; ours SimLex ρ: "
    "within noise; ours analogy acc: CBOW ahead; gensim WS-353 ρ: CBOW ahead; gensim SimLex ρ: within noise; "
    "gensim analogy acc: CBOW ahead.": (
        "在整个 PTB 训练集（PTB train）上比较 CBOW 与跳字模型（“领先”指差距超出两者的标准差之和）："
        "我们的实现 WS-353 ρ：CBOW 领先；我们的实现 SimLex ρ：在噪声范围内；我们的实现类比准确率：CBOW 领先；"
        "gensim WS-353 ρ：CBOW 领先；gensim SimLex ρ：在噪声范围内；gensim 类比准确率：CBOW 领先。"
    ),
    "Ours vs gensim on PTB train: skipgram WS-353 ρ: within noise; skipgram SimLex ρ: within noise; skipgram "
    "analogy acc: within noise; cbow WS-353 ρ: within noise; cbow SimLex ρ: within noise; cbow analogy acc: "
    "within noise.": (
        "在整个 PTB 训练集（PTB train）上比较我们的实现与 gensim：跳字模型 WS-353 ρ：在噪声范围内；"
        "跳字模型 SimLex ρ：在噪声范围内；跳字模型类比准确率：在噪声范围内；CBOW WS-353 ρ：在噪声范围内；"
        "CBOW SimLex ρ：在噪声范围内；CBOW 类比准确率：在噪声范围内。"
    ),
    "PTB is small for word vectors (0.9M words; word2vec was made for billions), so every score here is low; what "
    "the table measures is whether our implementation matches gensim's on the same data.": (
        "对训练词向量来说 PTB 很小（0.9M 个词；word2vec 是为数十亿词的语料设计的），所以这里的每个得分都很低；"
        "这张表衡量的是，在同样的数据上，我们的实现能否与 gensim 的实现相符。"
    ),
}
