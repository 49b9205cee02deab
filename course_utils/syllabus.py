"""The course map and the bilingual glossary (术语表) shown in notebook 00.

Both are data, so notebook 00 renders them and a test checks that every notebook listed exists and
that every glossary term names the notebook that introduces it. Each later chapter adds its terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .i18n import language as _session_language


@dataclass(frozen=True)
class Chapter:
    number: str
    file: str
    title_zh: str
    title_en: str
    notes: str  # section of the study group's reading notes (../reading-notes/notes-zh.md)
    book: str  # section of 《大语言模型》 (Zhao Xin et al.)
    papers: str
    status: str = "planned"


COURSE_MAP: tuple[Chapter, ...] = (
    Chapter(
        "00",
        "00_start_here.ipynb",
        "从这里开始",
        "Start here",
        "简介",
        "前言 · 第1章",
        "Zhao et al. 2023, A Survey of Large Language Models (arXiv:2303.18223)",
        "ready",
    ),
    Chapter(
        "01",
        "01_statistical_lm.ipynb",
        "统计语言模型",
        "Statistical language models",
        "统计语言模型（SLM）· n-gram 语言模型 · 基于频率的估计方法（最大似然估计）",
        "§1.1 语言模型的发展历程 · 统计语言模型",
        "Shannon 1948; Jelinek 1976; Jurafsky & Martin, SLP3 ch. 3",
        "ready",
    ),
    Chapter(
        "02",
        "02_smoothing.ipynb",
        "平滑",
        "Smoothing",
        "加一平滑 · 回退 (back-off) · 插值 (interpolation)",
        "§1.1 · 统计语言模型（数据稀疏）",
        "Katz 1987; Jelinek & Mercer 1980; Kneser & Ney 1995; Chen & Goodman 1998",
        "ready",
    ),
    Chapter(
        "03",
        "03_nnlm.ipynb",
        "神经网络语言模型",
        "Neural network language model",
        "神经语言模型（NLM）· 早期工作（MLP 或 NNLM；笔记作 NNLP）原理 / 代码实现",
        "§1.1 · 神经语言模型",
        "Bengio, Ducharme, Vincent & Jauvin 2003",
        "ready",
    ),
    Chapter(
        "04",
        "04_backprop.ipynb",
        "反向传播",
        "Backpropagation",
        "神经网络的计算过程（BP 神经网络推导）",
        "§1.1 · 神经语言模型（背景）",
        "Rumelhart, Hinton & Williams 1986",
        "ready",
    ),
    Chapter(
        "05",
        "05_rnn_gradients.ipynb",
        "循环神经网络与梯度",
        "RNN gradients",
        "循环神经网络（RNN）· 梯度消失与梯度爆炸",
        "§1.1 · 神经语言模型",
        "Mikolov et al. 2010; Bengio, Simard & Frasconi 1994; Pascanu et al. 2013; Hochreiter & Schmidhuber 1997",
        "ready",
    ),
    Chapter(
        "06",
        "06_word2vec.ipynb",
        "词向量：word2vec",
        "word2vec",
        "简化模型：Word2Vec（Simple CBOW · CBOW · Skip-gram）",
        "§1.1 · 神经语言模型（word2vec）",
        "Mikolov et al. 2013a, 2013b",
        "ready",
    ),
    Chapter(
        "07",
        "07_cooccurrence_svd.ipynb",
        "共现矩阵、PPMI 与 SVD",
        "Co-occurrence, PPMI and SVD",
        "词向量 - 从Word2Vec到ELMo · 共现矩阵",
        "§1.1 · 神经语言模型",
        "Deerwester et al. 1990; Levy & Goldberg 2014; Levy, Goldberg & Dagan 2015",
        "ready",
    ),
    Chapter(
        "08",
        "08_glove.ipynb",
        "GloVe：全局词向量",
        "GloVe: global vectors",
        "词向量 - 从Word2Vec到ELMo · GloVe",
        "§1.1 · 神经语言模型",
        "Pennington, Socher & Manning 2014",
        "ready",
    ),
    Chapter(
        "09",
        "09_elmo.ipynb",
        "ELMo：上下文词向量",
        "ELMo",
        "词向量 - 从Word2Vec到ELMo · ELMo",
        "§1.1 · 预训练语言模型（PLM）",
        "Peters et al. 2018; Kim et al. 2016",
        "ready",
    ),
    Chapter(
        "10",
        "10_transformer.ipynb",
        "从 ELMo 到大语言模型",
        "From ELMo to large language models",
        "大模型的能力 · 大语言模型的百花齐放时代 · 从语言建模到任务求解",
        "§1.1 · 大语言模型（LLM）；§1.2 大语言模型的能力特点",
        "Vaswani et al. 2017; Radford et al. 2018, 2019; Kaplan et al. 2020; Olsson et al. 2022; Zhao et al. 2023",
        "ready",
    ),
)


@dataclass(frozen=True)
class Term:
    zh: str
    en: str
    meaning: str  # a one-clause English explanation
    notebook: str  # the notebook that introduces the term
    meaning_zh: str  # the same explanation in Chinese, with the same formulas (the Chinese edition's 释义)


GLOSSARY: tuple[Term, ...] = (
    Term(
        "语言模型",
        "language model",
        "a probability distribution over word sequences, `p(w_1 .. w_m)`",
        "01",
        "定义在词序列上的概率分布，即 `p(w_1 .. w_m)`",
    ),
    Term(
        "链式法则",
        "chain rule",
        "`p(w_1 .. w_m) = prod_i p(w_i | w_1 .. w_{i-1})`",
        "01",
        "把序列的概率分解为各词在其前文条件下的概率之积：`p(w_1 .. w_m) = prod_i p(w_i | w_1 .. w_{i-1})`",
    ),
    Term(
        "马尔可夫假设",
        "Markov assumption",
        "the next word depends only on the last n-1 words",
        "01",
        "下一个词只取决于它前面的 n-1 个词",
    ),
    Term(
        "n 元语法",
        "n-gram",
        "a sequence of n words; an n-gram model conditions on n-1 words",
        "01",
        "由 n 个词组成的序列；n 元语法模型以前面的 n-1 个词为条件",
    ),
    Term(
        "最大似然估计",
        "maximum-likelihood estimate (MLE)",
        "relative frequency `c(h w) / c(h ·)`",
        "01",
        "用相对频率 `c(h w) / c(h ·)` 作为概率的估计",
    ),
    Term(
        "词表",
        "vocabulary",
        "the words a model knows; others become `<unk>`",
        "01",
        "模型所认识的词；其余的词一律变为 `<unk>`",
    ),
    Term(
        "未登录词",
        "out-of-vocabulary word (OOV)",
        "a word outside the vocabulary, mapped to `<unk>`",
        "01",
        "词表之外的词，被映射为 `<unk>`",
    ),
    Term(
        "句首/句尾标记",
        "sentence boundaries `<s>`, `</s>`",
        "`<s>` pads the start; `</s>` is predicted at the end",
        "01",
        "`<s>` 填充在句子开头；`</s>` 在句子结尾处被预测",
    ),
    Term(
        "困惑度",
        "perplexity",
        "exp of the average negative log-probability per token; lower is better",
        "01",
        "每个词元平均负对数概率的指数；越低越好",
    ),
    Term(
        "交叉熵",
        "cross-entropy",
        "average negative log-probability per token (log2: bits)",
        "01",
        "每个词元的平均负对数概率（取 log2 时单位为比特）",
    ),
    Term(
        "数据稀疏",
        "data sparsity",
        "most possible n-grams never occur in training",
        "01",
        "绝大多数可能的 n 元语法从未在训练数据中出现",
    ),
    Term(
        "齐普夫定律",
        "Zipf's law",
        "word frequency falls roughly as `1 / rank`",
        "01",
        "词频大致与其排名成反比，即按 `1 / rank` 下降",
    ),
    Term(
        "词元",
        "token",
        "one unit of text a model reads or predicts: a word, a character or a marker such as `<s>`",
        "01",
        "模型读入或预测的一个文本单位：一个词、一个字符，或 `<s>` 这样的标记",
    ),
    Term(
        "验证集 / 测试集",
        "validation / test set",
        "held-out text: the validation set compares and tunes models, the test set gives the final number",
        "01",
        "不参与训练的留存文本：验证集用于比较和调优模型，测试集给出最终报告的数字",
    ),
    Term(
        "过拟合",
        "overfitting",
        "fitting the training text so closely that held-out text gets worse",
        "01",
        "对训练文本拟合得过于紧密，以致在留存文本上的表现变差",
    ),
    Term(
        "每字符比特数",
        "bits per character",
        "a text's total cost in bits divided by its characters: compares word and character models",
        "01",
        "文本以比特计的总代价除以其字符数：可用来比较以词为单位和以字符为单位的模型",
    ),
    Term("平滑", "smoothing", "moving probability mass to unseen events", "02", "把一部分概率质量转移给未见过的事件"),
    Term(
        "加一平滑",
        "add-one (Laplace) smoothing",
        "add 1 to every count before normalising",
        "02",
        "归一化之前给每个计数加 1",
    ),
    Term(
        "回退",
        "back-off",
        "use a shorter context when the long one has no evidence",
        "02",
        "长上下文缺乏证据时，改用较短的上下文",
    ),
    Term(
        "插值",
        "interpolation",
        "mix estimates of several orders with weights summing to 1",
        "02",
        "用和为 1 的权重混合多个阶数的估计",
    ),
    Term("加 k 平滑", "add-k (Lidstone) smoothing", "add k < 1 to every count", "02", "给每个计数加上 k（k < 1）"),
    Term(
        "古德-图灵估计",
        "Good-Turing estimate",
        "re-estimate a count r as `(r+1) n_{r+1} / n_r`",
        "02",
        "把计数 r 重新估计为 `(r+1) n_{r+1} / n_r`",
    ),
    Term(
        "卡茨回退",
        "Katz back-off",
        "discounted counts for seen n-grams, normalised back-off for unseen",
        "02",
        "见过的 n 元语法使用打折后的计数，未见过的则经过归一化回退到低阶",
    ),
    Term(
        "愚蠢回退",
        "stupid back-off",
        "back off with a fixed factor 0.4; a score, not a probability",
        "02",
        "以固定系数 0.4 回退；得到的是分数而不是概率",
    ),
    Term(
        "留存数据",
        "held-out data",
        "text kept out of training to fit hyper-parameters such as lambdas",
        "02",
        "不参与训练、用来拟合 lambda 等超参数的文本",
    ),
    Term(
        "期望最大化",
        "EM algorithm",
        "fits mixture weights by alternating responsibilities and re-weighting",
        "02",
        "交替计算责任度和重新加权，以拟合混合权重",
    ),
    Term(
        "绝对折扣",
        "absolute discounting",
        "subtract a fixed D from every seen count",
        "02",
        "从每个见过的计数中减去一个固定值 D",
    ),
    Term(
        "延续计数",
        "continuation count",
        "`N1+(. w)`: how many different words precede w",
        "02",
        "`N1+(. w)`：w 前面出现过多少个不同的词",
    ),
    Term(
        "Kneser-Ney 平滑",
        "Kneser-Ney smoothing",
        "absolute discounting with continuation counts below the top order",
        "02",
        "在最高阶以下的各阶使用延续计数的绝对折扣",
    ),
    Term("词向量", "word vector / embedding", "a dense vector representing a word", "03", "表示一个词的稠密向量"),
    Term(
        "神经网络语言模型",
        "neural network language model (NNLM)",
        "predicts the next word from learned word vectors",
        "03",
        "由学习得到的词向量预测下一个词的语言模型",
    ),
    Term(
        "维度灾难",
        "curse of dimensionality",
        "the number of possible n-grams grows as |V|^n",
        "03",
        "可能的 n 元语法数量按 |V|^n 增长",
    ),
    Term(
        "分布式表示",
        "distributed representation",
        "a word as a point in R^m; similar words lie close",
        "03",
        "把词表示为 R^m 中的一个点；相似的词彼此靠近",
    ),
    Term(
        "直连",
        "direct connections",
        "the optional W x term from the embeddings straight to the output",
        "03",
        "从词向量直接通向输出层的可选项 W x",
    ),
    Term(
        "早停",
        "early stopping",
        "stop training when validation perplexity stops improving",
        "03",
        "验证集困惑度不再改善时停止训练",
    ),
    Term(
        "Softmax 函数",
        "softmax",
        "`softmax(y)_i = exp(y_i) / Σ_j exp(y_j)`: turns scores into probabilities that sum to 1",
        "03",
        "`softmax(y)_i = exp(y_i) / Σ_j exp(y_j)`：把分数变为和为 1 的概率",
    ),
    Term(
        "隐藏层",
        "hidden layer",
        "a layer between input and output; its values are neither given nor predicted",
        "03",
        "位于输入与输出之间的层；它的值既不是给定的，也不是要预测的",
    ),
    Term(
        "损失函数",
        "loss",
        "the number training lowers; for a language model the average −log p of the true next word",
        "03",
        "训练所要降低的数值；对语言模型而言，是真实下一个词的平均 −log p",
    ),
    Term(
        "超参数",
        "hyper-parameter",
        "a setting fixed before training (sizes, learning rate, epochs), not learned",
        "03",
        "训练前确定、而非学习得到的设置（各层大小、学习率、训练轮次）",
    ),
    Term("学习率", "learning rate", "the step size η of gradient descent", "03", "梯度下降的步长 η"),
    Term("训练轮次", "epoch", "one pass over the training data", "03", "对训练数据的一次完整遍历"),
    Term(
        "Adam 优化器",
        "Adam",
        "gradient descent with a per-weight step from running averages of the gradient and its square",
        "03",
        "一种梯度下降方法，每个权重的步长由梯度及其平方的滑动平均决定",
    ),
    Term(
        "余弦相似度",
        "cosine similarity",
        "`u·v / (|u| |v|)`: the cosine of the angle between two vectors",
        "03",
        "`u·v / (|u| |v|)`：两个向量夹角的余弦",
    ),
    Term(
        "主成分分析",
        "PCA",
        "projection onto the directions along which the vectors vary most",
        "03",
        "把向量投影到它们变化最大的那些方向上",
    ),
    Term(
        "丢弃法",
        "dropout",
        "randomly zero units during training so the network cannot rely on any one of them",
        "03",
        "训练时随机把部分单元置零，使网络无法依赖其中任何一个单元",
    ),
    Term(
        "反向传播",
        "backpropagation",
        "the chain rule applied from the loss back to every weight",
        "04",
        "从损失函数出发，把链式法则反向应用到每一个权重",
    ),
    Term(
        "误差信号",
        "error signal δ",
        "minus the loss's derivative with respect to a unit's input (net)",
        "04",
        "损失函数对某个单元输入（net）的导数取负",
    ),
    Term(
        "激活函数",
        "activation function",
        "the non-linearity of a unit, e.g. sigmoid, tanh, ReLU",
        "04",
        "单元的非线性变换，例如 sigmoid、tanh、ReLU",
    ),
    Term(
        "梯度检验",
        "gradient check",
        "compare an analytic gradient with centred finite differences",
        "04",
        "把解析梯度与中心有限差分进行比较",
    ),
    Term(
        "有限差分",
        "finite difference",
        "`(f(x+e) - f(x-e)) / 2e`, a numerical derivative",
        "04",
        "`(f(x+e) - f(x-e)) / 2e`，一种数值导数",
    ),
    Term(
        "计算图",
        "computation graph",
        "the recorded operations that autograd walks backwards",
        "04",
        "被记录下来、由自动微分反向遍历的运算",
    ),
    Term(
        "自动微分",
        "automatic differentiation (autograd)",
        "derivatives from recorded local derivatives",
        "04",
        "由记录下来的局部导数求出导数",
    ),
    Term(
        "梯度下降",
        "gradient descent",
        "step each weight against its gradient: `w ← w − η ∂E/∂w`",
        "04",
        "让每个权重沿其梯度的反方向移动一步：`w ← w − η ∂E/∂w`",
    ),
    Term(
        "梯度消失",
        "vanishing gradient",
        "gradients shrink exponentially through many steps",
        "05",
        "梯度经过许多步之后呈指数级缩小",
    ),
    Term(
        "梯度爆炸",
        "exploding gradient",
        "gradients grow exponentially through many steps",
        "05",
        "梯度经过许多步之后呈指数级增大",
    ),
    Term(
        "循环神经网络",
        "recurrent neural network (RNN)",
        "a network that updates a state h_t with the same weights at every step",
        "05",
        "在每一步都用同一组权重更新状态 h_t 的网络",
    ),
    Term(
        "随时间反向传播",
        "backpropagation through time (BPTT)",
        "backpropagation on the RNN unrolled over the sequence",
        "05",
        "在沿序列展开的循环神经网络上进行的反向传播",
    ),
    Term(
        "截断 BPTT",
        "truncated BPTT",
        "backpropagate at most k steps; the state flows on, the error does not",
        "05",
        "最多反向传播 k 步；状态继续向后传递，误差则不再回传",
    ),
    Term(
        "梯度裁剪",
        "gradient clipping",
        "rescale all gradients when their joint norm exceeds a threshold",
        "05",
        "当全部梯度的总范数超过阈值时，按比例缩小所有梯度",
    ),
    Term(
        "雅可比矩阵",
        "Jacobian",
        "the matrix of partial derivatives `dh_{t+1} / dh_t`",
        "05",
        "偏导数 `dh_{t+1} / dh_t` 构成的矩阵",
    ),
    Term(
        "奇异值",
        "singular value",
        "how much a matrix stretches along one direction; the largest is its 2-norm",
        "05",
        "矩阵沿某个方向的拉伸程度；最大的奇异值就是矩阵的 2-范数",
    ),
    Term(
        "长短期记忆网络",
        "LSTM",
        "an RNN whose cell state is updated additively through gates",
        "05",
        "通过门控以相加的方式更新细胞状态的循环神经网络",
    ),
    Term(
        "遗忘门",
        "forget gate",
        "the LSTM gate f_t that scales the previous cell state",
        "05",
        "LSTM 中缩放上一步细胞状态的门 f_t",
    ),
    Term(
        "随机梯度下降",
        "stochastic gradient descent (SGD)",
        "gradient descent on gradients from small random batches",
        "05",
        "用随机小批量数据上的梯度进行的梯度下降",
    ),
    Term(
        "门控",
        "gate",
        "a vector of sigmoids in (0, 1) that scales a signal elementwise; the LSTM has input, forget and output gates",
        "05",
        "由取值在 (0, 1) 之间的 sigmoid 组成、逐元素缩放信号的向量；LSTM 有输入门、遗忘门和输出门",
    ),
    Term(
        "独热编码",
        "one-hot encoding",
        "a |V|-dimensional vector with a single 1 at the word's index",
        "06",
        "一个 |V| 维向量，只在该词的索引处为 1",
    ),
    Term(
        "连续词袋模型",
        "CBOW",
        "predict the centre word from the mean of its context vectors",
        "06",
        "由上下文词向量的平均预测中心词",
    ),
    Term(
        "跳字模型",
        "skip-gram",
        "predict each context word from the centre word's vector",
        "06",
        "由中心词的向量预测每一个上下文词",
    ),
    Term(
        "负采样",
        "negative sampling",
        "tell the true word from K noise words instead of a full softmax",
        "06",
        "不计算完整的 softmax，而是把真实的词与 K 个噪声词区分开",
    ),
    Term(
        "下采样", "subsampling", "randomly drop occurrences of very frequent words", "06", "随机丢弃极高频词的部分出现"
    ),
    Term(
        "词类比",
        "word analogy",
        "a : b :: c : ?, answered with vector arithmetic (3CosAdd)",
        "06",
        "a : b :: c : ?，用向量运算（3CosAdd）求解",
    ),
    Term(
        "斯皮尔曼相关系数",
        "Spearman's rho",
        "correlation of ranks: model similarity vs human ratings",
        "06",
        "排名之间的相关系数：比较模型给出的相似度与人工评分",
    ),
    Term(
        "分布假设",
        "distributional hypothesis",
        "a word's meaning is given by the words around it (Harris 1954; Firth 1957)",
        "06",
        "一个词的含义由它周围的词决定（Harris 1954；Firth 1957）",
    ),
    Term(
        "共现矩阵",
        "co-occurrence matrix",
        "X_ij = how often word j occurs in a context of word i",
        "07",
        "X_ij = 词 j 出现在词 i 的上下文中的次数",
    ),
    Term(
        "点互信息",
        "PMI",
        "log P(i, j) / (P(i) P(j)): co-occurrence beyond what chance gives",
        "07",
        "log P(i, j) / (P(i) P(j))：超出随机偶然水平的共现程度",
    ),
    Term("正点互信息", "PPMI", "PMI with its negative values set to 0", "07", "把负值置为 0 的点互信息"),
    Term(
        "奇异值分解",
        "SVD",
        "X = U Σ Vᵀ; the top k singular values give the best rank-k approximation",
        "07",
        "X = U Σ Vᵀ；取最大的 k 个奇异值即得最佳的秩 k 近似",
    ),
    Term(
        "截断奇异值分解",
        "truncated SVD",
        "compute only the top k singular triplets, never the dense matrix",
        "07",
        "只计算最大的 k 组奇异值及其左右奇异向量，从不构造稠密矩阵",
    ),
    Term(
        "潜在语义分析",
        "latent semantic analysis (LSA)",
        "word vectors from a truncated SVD of a word-document count matrix",
        "07",
        "对词-文档计数矩阵做截断奇异值分解得到的词向量",
    ),
    Term(
        "共现概率比",
        "co-occurrence ratio",
        "P(k|i) / P(k|j): large if k goes with i only, near 1 with both",
        "08",
        "P(k|i) / P(k|j)：k 只与 i 相关时很大，与两者都相关时接近 1",
    ),
    Term(
        "加权最小二乘",
        "weighted least squares",
        "minimise Σ f(x) · error²: GloVe's objective",
        "08",
        "最小化 Σ f(x) · error²：GloVe 的目标函数",
    ),
    Term(
        "权重函数",
        "weighting function",
        "GloVe's f(x) = min(1, (x / x_max)^α)",
        "08",
        "GloVe 中的 f(x) = min(1, (x / x_max)^α)",
    ),
    Term(
        "AdaGrad",
        "AdaGrad",
        "per-parameter steps η g / sqrt(Σ past g²): rare words keep larger steps",
        "08",
        "每个参数的步长为 η g / sqrt(Σ past g²)：低频词保持较大的步长",
    ),
    Term(
        "上下文词向量",
        "contextual word vector",
        "a word's vector computed from its whole sentence",
        "09",
        "根据词所在的整个句子计算出的词向量",
    ),
    Term(
        "一词多义",
        "polysemy",
        "one spelling, several senses (may: the month, the modal verb)",
        "09",
        "同一个词形有多个词义（如英文 may：既指五月，也是情态动词）",
    ),
    Term(
        "双向语言模型",
        "biLM",
        "a forward and a backward LM sharing token encoder and softmax",
        "09",
        "共享词元编码器和 softmax 的一个前向语言模型与一个后向语言模型",
    ),
    Term(
        "字符卷积",
        "character CNN",
        "max-pooled convolutions over the characters: any word gets a vector",
        "09",
        "在字符上做卷积并最大池化：任何词都能得到一个向量",
    ),
    Term(
        "高速公路层",
        "highway layer",
        "y = t ⊙ relu(W x) + (1 − t) ⊙ x with a learned gate t",
        "09",
        "y = t ⊙ relu(W x) + (1 − t) ⊙ x，其中门 t 是学习得到的",
    ),
    Term(
        "标量混合",
        "scalar mix",
        "γ Σ_j softmax(s)_j h_j: a task's weights for the biLM's layers",
        "09",
        "γ Σ_j softmax(s)_j h_j：某个任务为双向语言模型各层分配的权重",
    ),
    Term(
        "探针",
        "probe",
        "a small classifier on frozen vectors: what do they encode?",
        "09",
        "在冻结的向量上训练的小型分类器：这些向量编码了什么？",
    ),
    Term(
        "基于特征的迁移",
        "feature-based transfer",
        "the pre-trained model is frozen; tasks use its vectors",
        "09",
        "预训练模型保持冻结；下游任务使用它给出的向量",
    ),
    Term(
        "预训练",
        "pre-training",
        "training a language model on raw text first, to reuse it for other tasks",
        "09",
        "先在原始文本上训练语言模型，以便在其他任务中复用",
    ),
    Term(
        "微调",
        "fine-tuning",
        "training all weights of a pre-trained model further on a task",
        "09",
        "在具体任务上继续训练预训练模型的全部权重",
    ),
    Term(
        "下游任务",
        "downstream task",
        "the task a pre-trained model's vectors or weights are used for",
        "09",
        "使用预训练模型的向量或权重来完成的任务",
    ),
    Term(
        "词性标注",
        "part-of-speech (POS) tagging",
        "labelling each token with its word class: noun, verb, adjective, ...",
        "09",
        "为每个词元标注其词类：名词、动词、形容词……",
    ),
    Term(
        "自注意力",
        "self-attention",
        "each position averages the values of the positions it attends to, weighted by query·key",
        "10",
        "每个位置对其所关注各位置的值（value）做加权平均，权重由 query·key 决定",
    ),
    Term(
        "缩放点积注意力",
        "scaled dot-product attention",
        "softmax(Q Kᵀ / √d_k + M) V, eq. (10.1)",
        "10",
        "softmax(Q Kᵀ / √d_k + M) V，见式 (10.1)",
    ),
    Term(
        "因果掩码",
        "causal mask",
        "−∞ on the scores of later positions: a language model never sees the word it predicts",
        "10",
        "把后面各位置的分数设为 −∞：语言模型永远看不到它要预测的词",
    ),
    Term(
        "多头注意力",
        "multi-head attention",
        "several attentions of size d/H side by side, concatenated and mixed by W^O",
        "10",
        "并列的多个大小为 d/H 的注意力，拼接后由 W^O 混合",
    ),
    Term(
        "位置编码",
        "positional encoding",
        "a vector per position added to the word embedding, learned or sinusoidal",
        "10",
        "每个位置一个、加到词向量上的向量，可以学习得到，也可以采用正弦形式",
    ),
    Term(
        "层归一化",
        "layer normalisation",
        "rescale each position's vector to mean 0, variance 1, then by learned gains",
        "10",
        "把每个位置的向量缩放到均值为 0、方差为 1，再乘以学习得到的增益",
    ),
    Term(
        "残差连接",
        "residual connection",
        "add a layer's input to its output, x + f(x): information and gradients pass through",
        "10",
        "把一层的输入加到它的输出上，即 x + f(x)：信息和梯度都能直接通过",
    ),
    Term(
        "权重共享",
        "weight tying",
        "one matrix for the input embeddings and the output layer",
        "10",
        "输入词向量与输出层共用同一个矩阵",
    ),
    Term(
        "学习率预热",
        "warmup",
        "raise the learning rate linearly over the first steps",
        "10",
        "在最初的若干步中线性地提高学习率",
    ),
    Term(
        "扩展法则",
        "scaling law",
        "test loss falls as a power of model size and data: L(N) = a·N^(−α) + L∞",
        "10",
        "测试损失随模型规模和数据量按幂律下降：L(N) = a·N^(−α) + L∞",
    ),
    Term(
        "上下文学习",
        "in-context learning",
        "doing a task from examples in the prompt, with no change to the weights",
        "10",
        "根据提示中的示例完成任务，而不改变模型权重",
    ),
    Term(
        "归纳头",
        "induction head",
        "attention that finds the earlier occurrence of the current token and predicts what followed",
        "10",
        "一种注意力头：找到当前词元先前出现的位置，并预测当时紧随其后的内容",
    ),
    Term(
        "零样本",
        "zero-shot",
        "evaluated on a task or data set never trained on",
        "10",
        "在从未训练过的任务或数据集上进行评测",
    ),
    Term(
        "大语言模型",
        "large language model (LLM)",
        "a pre-trained Transformer language model of very large size (billions of parameters and more)",
        "10",
        "规模极大（数十亿乃至更多参数）的预训练 Transformer 语言模型",
    ),
    Term("提示", "prompt", "the text a language model is given to continue", "10", "提供给语言模型、让它续写的文本"),
    Term(
        "基于人类反馈的强化学习",
        "RLHF",
        "reinforcement learning from human feedback: tune a model towards responses people prefer",
        "10",
        "利用人类反馈进行强化学习：调整模型，使它更倾向于给出人们偏好的回复",
    ),
    Term(
        "幻觉",
        "hallucination",
        "fluent output that is false or unsupported by any source",
        "10",
        "流畅但错误、或没有任何来源支持的输出",
    ),
    Term(
        "指令微调",
        "instruction tuning",
        "fine-tuning on (request, response) pairs so the model follows instructions",
        "10",
        "在（请求，回复）对上进行微调，使模型能够遵循指令",
    ),
    Term(
        "人类对齐",
        "alignment",
        "behaving as people intend: helpful, honest, harmless; learned from human preferences",
        "10",
        "模型的行为符合人们的意图：有用性、诚实性、无害性；通过学习人类偏好实现",
    ),
)


#: how the notebooks' prose spells a glossary term when it does not use the entry's own words
#: (tests/test_notebooks.py checks that every term is used in the notebook that introduces it)
TERM_FORMS: dict[str, tuple[str, ...]] = {
    "sentence boundaries `<s>`, `</s>`": ("<s>",),
    "validation / test set": ("validation set", "test set"),
    "word vector / embedding": ("word vector", "embedding"),
    "layer normalisation": ("layer normalisation", "layer norm"),
    "add-one (Laplace) smoothing": ("add-one",),
    "add-k (Lidstone) smoothing": ("add-k",),
    "Good-Turing estimate": ("Good-Turing",),
    "EM algorithm": ("EM",),
    "Kneser-Ney smoothing": ("Kneser-Ney",),
    "error signal δ": ("error signal",),
    "gradient clipping": ("clipping", "clipped"),
    "one-hot encoding": ("one-hot",),
    "word analogy": ("analogy", "analogies"),
    "Spearman's rho": ("Spearman",),
    "co-occurrence ratio": ("ratio", "ratios"),
    "contextual word vector": ("contextual",),
    "pre-training": ("pre-train", "pre-trained"),
    "part-of-speech (POS) tagging": ("part of speech", "part-of-speech", "POS"),
}


def term_forms(term: Term) -> tuple[str, ...]:
    """The spellings of a glossary term to look for in prose: :data:`TERM_FORMS`, else the English name
    and, for a name such as ``"recurrent neural network (RNN)"``, the part before the brackets and the
    abbreviation."""
    if term.en in TERM_FORMS:
        return TERM_FORMS[term.en]
    match = re.fullmatch(r"(.*?)\s*\((.*?)\)\s*", term.en)
    return (match.group(1), match.group(2)) if match else (term.en,)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")  # a bare | would end the table cell, even inside `code`


#: each chapter's headline numbers on English and on Chinese text, as (label, experiment, row, column, part of
#: an ``a / b`` cell): the course map renders them from the results files, so they cannot drift
HEADLINES: dict[str, dict[str, list[tuple[str, str, str | tuple[str, ...], str, int | None]]]] = {
    "02": {
        "en": [("KN5 test ppl, PTB", "ngram-ptb", "modified Kneser-Ney", "n=5", 1)],
        "zh": [
            ("人民日报 words", "ngram-zh", ("People's Daily, words", "modified Kneser-Ney"), "n=5", 1),
            ("字 characters", "ngram-zh", ("People's Daily, characters", "modified Kneser-Ney"), "n=5", 1),
        ],
    },
    "03": {
        "en": [("NNLM test ppl, PTB", "nnlm-ptb", "NNLM n=5", "test ppl", 0)],
        "zh": [
            ("人民日报", "nnlm-pd", "NNLM n=5", "test ppl", 0),
            ("bits/字", "nnlm-pd", "NNLM n=5", "test bits/char", 0),
        ],
    },
    "05": {
        "en": [("LSTM test ppl, PTB", "lstm-ptb", "LSTM", "test ppl", 0)],
        "zh": [("人民日报", "lstm-pd", "LSTM,", "test ppl", 0), ("bits/字", "lstm-pd", "LSTM,", "test bits/char", 0)],
    },
    "06": {
        "en": [("skip-gram WS-353 ρ", "word2vec", ("PTB train", "ours skipgram"), "WS-353", 0)],
        "zh": [("wordsim-240 ρ", "word-vectors-zh", "word2vec skipgram (ours)", "wordsim-240", 0)],
    },
    "07": {
        "en": [("PPMI-SVD WS-353 ρ", "glove", "PPMI-SVD, window 5", "WS-353", 0)],
        "zh": [("wordsim-240 ρ", "word-vectors-zh", "PPMI-SVD", "wordsim-240", 0)],
    },
    "08": {
        "en": [("GloVe WS-353 ρ", "glove", "GloVe (paper's settings)", "WS-353", 0)],
        "zh": [("wordsim-240 ρ", "word-vectors-zh", "GloVe", "wordsim-240", 0)],
    },
    "09": {
        "en": [("ELMo test ppl (fwd / bwd), PTB", "elmo", "biLM", "test ppl", None)],
        "zh": [("ELMo test ppl (fwd / bwd)", "elmo-pd", "biLM", "test ppl", None)],
    },
    "10": {
        "en": [("Transformer test ppl, PTB", "transformer-ptb", "Transformer LM", "test ppl", 0)],
    },
}


#: the Chinese edition's wording of the :data:`HEADLINES` labels (the course map in Chinese); the column headers
#: name the corpus, so the labels need not
HEADLINE_LABELS_ZH: dict[str, str] = {
    "KN5 test ppl, PTB": "KN5 测试集困惑度",
    "人民日报 words": "词级困惑度",
    "字 characters": "字级困惑度",
    "NNLM test ppl, PTB": "NNLM 测试集困惑度",
    "人民日报": "测试集困惑度",
    "bits/字": "每字符比特数",
    "LSTM test ppl, PTB": "LSTM 测试集困惑度",
    "skip-gram WS-353 ρ": "跳字模型 WS-353 ρ",
    "wordsim-240 ρ": "wordsim-240 ρ",
    "PPMI-SVD WS-353 ρ": "PPMI-SVD WS-353 ρ",
    "GloVe WS-353 ρ": "GloVe WS-353 ρ",
    "ELMo test ppl (fwd / bwd), PTB": "ELMo 前向 / 后向测试集困惑度",
    "ELMo test ppl (fwd / bwd)": "ELMo 前向 / 后向测试集困惑度",
    "Transformer test ppl, PTB": "Transformer 测试集困惑度",
}


def headline(notebook: str, language: str, *, display: str = "en") -> str:
    """One chapter's headline numbers in one language, ``"label 141.2; label 152.3"``, from the results files
    (a number whose record is missing shows as "not measured yet"; "—" where the chapter has none). ``part``
    picks one side of an ``a / b`` cell; None keeps the whole cell.

    ``language`` picks the text the numbers were measured on (English: PTB, Chinese: 人民日报); ``display`` the
    language of the words around them: ``"zh"`` gives :data:`HEADLINE_LABELS_ZH` and Chinese punctuation,
    ``"词级困惑度 152.3；字级困惑度 53.9"``."""
    from . import reproduce, results

    zh = display == "zh"
    parts = []
    for label, name, row, column, part in HEADLINES.get(notebook, {}).get(language, []):
        if name not in reproduce.EXPERIMENTS:  # a misspelt name would otherwise read "not measured yet" forever
            raise ValueError(f"HEADLINES names {name!r}, which is not an experiment of course_utils.reproduce")
        if zh:
            label = HEADLINE_LABELS_ZH.get(label, label)
        try:
            record = results.load(name)
        except FileNotFoundError:
            parts.append(f"{label}：尚未测量" if zh else f"{label}: not measured yet")
            continue
        cell = record.cell(row, column)
        shown = cell if part is None else cell.split(" / ")[part].split(" ± ")[0]
        parts.append(f"{label} {shown}")
    return ("；" if zh else "; ").join(parts) or "—"


#: the words of the course map and the headline table, per edition (the links and numbers are the same)
_MAP_WORDS = {
    "en": {
        "header": "| # | notebook | 读书笔记 reading notes | 《大语言模型》 | papers | English (PTB) "
        "| 中文 (人民日报) |",
        "status": " status |",
        "statuses": {},
        "title": "{zh} · {en}",
        "legend": "The numbers are test perplexity (lower is better), bits per character (字) and Spearman's ρ with "
        'human ratings (higher is better), rendered from the experiments\' results files (README, "Results").',
        "planned": "Notebooks marked *planned* are being written.",
        "headlines": "| notebook | English (Penn Treebank) | 中文 (人民日报 1998-01) |",
        "short_title": "{en}",
    },
    "zh": {
        "header": "| # | 笔记本 | 读书笔记 | 《大语言模型》 | 论文 | 英文（PTB） | 中文（人民日报） |",
        "status": " 状态 |",
        "statuses": {"ready": "已完成", "planned": "计划中"},
        "title": "{zh}",
        "legend": "表中的数字是测试集困惑度和每字符比特数（越低越好），"
        "以及与人工评分之间的斯皮尔曼相关系数 ρ（越高越好），均由各实验的结果文件生成（见 README 的“Results”一节）。",
        "planned": "标为*计划中*的笔记本正在编写。",
        "headlines": "| 笔记本 | 英文（Penn Treebank） | 中文（人民日报 1998-01） |",
        "short_title": "{zh}",
    },
}


def headlines_markdown() -> str:
    """Each chapter's headline numbers on English and on Chinese text, side by side (the README's table); in the
    Chinese edition with Chinese labels and titles, the same numbers."""
    display = _session_language()
    words = _MAP_WORDS[display]
    rows = [words["headlines"], "|---|---|---|"]
    for c in COURSE_MAP:
        if c.number in HEADLINES:
            en, zh = (_cell(headline(c.number, lang, display=display)) for lang in ("en", "zh"))
            title = words["short_title"].format(zh=c.title_zh, en=c.title_en)
            rows.append(f"| {c.number} {title} | {en} | {zh} |")
    return "\n".join(rows)


def course_map_markdown() -> str:
    """The course map as a markdown table (notebook 00), with each chapter's headline numbers on English and on
    Chinese text side by side (:data:`HEADLINES`); a status column only while a chapter is planned.

    In the Chinese edition (``COURSE_LANG=zh``, :func:`course_utils.i18n.language`) the headers, link texts and
    labels are Chinese only; the links are the same (the Chinese notebooks have the English ones' file names)."""
    display = _session_language()
    words = _MAP_WORDS[display]
    planned = any(c.status != "ready" for c in COURSE_MAP)
    rows = [
        words["header"] + (words["status"] if planned else ""),
        "|---|---|---|---|---|---|---|" + ("---|" if planned else ""),
    ]
    for c in COURSE_MAP:
        title = words["title"].format(zh=c.title_zh, en=c.title_en)
        link = f"[{title}]({c.file})" if c.status == "ready" else title
        numbers = " | ".join(_cell(headline(c.number, corpus, display=display)) for corpus in ("en", "zh"))
        status = words["statuses"].get(c.status, c.status)
        rows.append(
            f"| {c.number} | {link} | {c.notes} | {c.book} | {c.papers} | {numbers} |"
            + (f" {status} |" if planned else "")
        )
    rows += ["", words["legend"]]
    if planned:
        rows += ["", words["planned"]]
    return "\n".join(rows)


def glossary_markdown(notebook: str | None = None) -> str:
    """The glossary (or the terms one notebook introduces) as a markdown table: in the Chinese edition
    (``COURSE_LANG=zh``) with the Chinese explanations and headers, ``| 术语 | English | 释义 | 笔记本 |``."""
    terms = [t for t in GLOSSARY if notebook is None or t.notebook == notebook]
    if _session_language() == "zh":
        rows = ["| 术语 | English | 释义 | 笔记本 |", "|---|---|---|---|"]
        rows += [f"| {t.zh} | {_cell(t.en)} | {_cell(t.meaning_zh)} | {t.notebook} |" for t in terms]
        return "\n".join(rows)
    rows = ["| 中文 | English | meaning | notebook |", "|---|---|---|---|"]
    rows += [f"| {t.zh} | {_cell(t.en)} | {_cell(t.meaning)} | {t.notebook} |" for t in terms]
    return "\n".join(rows)
