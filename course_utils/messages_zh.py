"""The Chinese texts of the course's printed messages: English text → Chinese text (see :mod:`course_utils.i18n`).

Written as the book writes, with the course glossary's terms (困惑度, 平滑, 词表, 偏置, 负采样, 奇异值, ...).
Each Chinese text uses exactly the ``{fields}`` of its English key; formulas and code stay as they are.
``tests/test_i18n.py`` fails on a ``tr("...")`` or ``N_("...")`` of the package without an entry here, on
fields that differ, and on an entry no code uses any more.
"""

from __future__ import annotations

from .messages_zh_records import RECORDS
from .messages_zh_sessions import SESSIONS

ZH: dict[str, str] = {
    # --- exercise checkers: the verdicts (course_utils.exercises) -----------------------------------------
    "✅ {name}: all {n} checks passed.": "✅ {name}：{n} 项检查全部通过。",
    "⏳ {name}: not written yet. Replace `raise NotImplementedError` with your code, then run this again.": (
        "⏳ {name}：还没有写。把 `raise NotImplementedError` 换成你的代码，再运行一次。"
    ),
    "❌ {name}: returned None on {about}. Did you forget `return`?": (
        "❌ {name}：在 {about} 上返回了 None。是不是忘了写 `return`？"
    ),
    "❌ {name}: pass your function itself, check.{name}({name}), not {what} (its result?)": (
        "❌ {name}：请把函数本身传进来，即 check.{name}({name})，而不是{what}（它的返回值？）"
    ),
    "❌ {name}: raised {error}: {detail}\n   on {about}\n   hint: {hint}": (
        "❌ {name}：抛出了 {error}：{detail}\n   输入：{about}\n   提示：{hint}"
    ),
    "❌ {name}: {what}, on {about}": "❌ {name}：{what}，输入：{about}",
    "❌ {name}: returned {what}, which could not be read ({error}), on {about}": (
        "❌ {name}：返回了{what}，无法读取（{error}），输入：{about}"
    ),
    "❌ {name}: on {about} expected shape {expected}, got {got}.\n"
    "   hint: check which axis is the batch and whether a matrix needs a transpose": (
        "❌ {name}：在 {about} 上，应得形状 {expected}，实得 {got}。\n"
        "   提示：看看哪一维是批（batch），矩阵是否需要转置"
    ),
    "❌ {name}: {what} on {about}.": "❌ {name}：{what}，输入：{about}。",
    "❌ {name}: on {about} {mismatch}.": "❌ {name}：在 {about} 上，{mismatch}。",
    "hint: {hint}": "提示：{hint}",
    "expected {e}, got {g}": "应得 {e}，实得 {g}",
    " (off by {d})": "（相差 {d}）",
    "{mismatch};\n   {largest}": "{mismatch}；\n   {largest}",
    "the largest difference is: expected {e}, got {g}": "差得最多处：应得 {e}，实得 {g}",
    "the largest difference is at index {at}: expected {e}, got {g}": "差得最多处在下标 {at}：应得 {e}，实得 {g}",
    "returned {word}": "返回了 {word}",
    "your answer has {n} {word} value(s), the first at index {first},": (
        "你的答案里有 {n} 个 {word}，第一个在下标 {first}"
    ),
    "note: your function took {seconds} s for these checks; the reference solution takes well under a second. "
    "Python loops over numbers are slow: whole-array numpy operations, or counting each thing once instead of "
    "again for every query, are much faster": (
        "注意：这些检查中你的函数共用了 {seconds} 秒，参考答案远不到一秒。对数字逐个做 Python 循环很慢："
        "用 numpy 的整数组运算，或者每样东西只数一次、不要每次查询都重数，会快得多"
    ),
    # what a wrong kind of answer is (after 返回了 / 而不是)
    "a {kind} {text}": "一个 {kind}：{text}",
    "a bool ({value})": "一个布尔值（{value}）",
    "an array of dtype {dtype} and shape {shape}": "一个 dtype 为 {dtype}、形状为 {shape} 的数组",
    "a list of {n}": "一个长度为 {n} 的列表",
    "a {kind}": "一个 {kind} 对象",
    "an {kind}": "一个 {kind} 对象",
    "returned a complex number, expected a real one": "返回了复数，应为实数",
    "in Python a negative number to a fractional power is complex, (-8) ** (1/3) == (1+1.73j): check the sign of "
    "what you raise to a power": (
        "在 Python 里，负数的分数次幂是复数，(-8) ** (1/3) == (1+1.73j)：检查一下你取幂的那个数的符号"
    ),
    "returned booleans (True/False), expected numbers": "返回了布尔值（True/False），应为数字",
    "returned {what}, expected numbers": "返回了{what}，应为数字",
    "returned {what}, expected an array": "返回了{what}，应为数组",
    "build a list or np.array from it": "用它构造一个列表或 np.array",
    "returned {what}, which is not a rectangular array of numbers": "返回了{what}，它不是一个规整的数字数组",
    "returned {what}, expected a number": "返回了{what}，应为一个数",
    "returned an array of shape {shape}, expected a single number": "返回了形状为 {shape} 的数组，应为单个数",
    "take it out with .item() or [0]": "用 .item() 或 [0] 把它取出来",
    "returned {what}, expected a number (float() of it: {error})": (
        "返回了{what}，应为一个数（对它调用 float() 得到 {error}）"
    ),
    "NaN comes from 0/0, inf − inf, 0 · inf, or the log or sqrt of a negative number: look for a division by zero "
    "or a log(0) (a count of 0?)": (
        "NaN 来自 0/0、inf − inf、0 · inf，或对负数取对数、开平方：找找哪里除以了零、哪里算了 log(0)（某个计数是 0？）"
    ),
    "inf comes from a division by zero, log(0) = -inf, or an exp that overflows": (
        "inf 来自除以零、log(0) = -inf，或 exp 溢出"
    ),
    "float16 and bfloat16 keep only about 3 significant digits: compute in float32 or float64": (
        "float16 和 bfloat16 只有约 3 位有效数字：请用 float32 或 float64 计算"
    ),
    "that is the size of a float32 rounding error: did part of your computation run in float32 (torch's default "
    "dtype)? Compute in float64, or return the float32 result as it is": (
        "这正是 float32 舍入误差的大小：你的计算是不是有一部分用了 float32（torch 的默认 dtype）？"
        "请用 float64 计算，或者把 float32 的结果原样返回"
    ),
    # --- notebook 01 ------------------------------------------------------------------------------------------
    "that is the joint share c(prev word)/N; divide by c(prev) instead": (
        "这是联合频率 c(prev word)/N；应当除以 c(prev)"
    ),
    "p({word} | {prev}) in a {n}-sentence corpus": "{n} 句语料中的 p({word} | {prev})",
    "p(fine | zebra), a word never seen: return 0.0": "p(fine | zebra)，zebra 从未出现：应返回 0.0",
    "count bigrams over ['<s>'] + sentence + ['</s>'] and divide c(prev word) by c(prev), the number of times prev "
    "is followed by anything; return 0.0 when prev never occurs": (
        "在 ['<s>'] + sentence + ['</s>'] 上统计二元组，用 c(prev word) 除以 c(prev)，即 prev 后面跟着任何词的次数；"
        "prev 从未出现时返回 0.0"
    ),
    "you left out the final p(</s> | ...): a sentence must also end": ("漏掉了最后的 p(</s> | ...)：句子也必须结束"),
    "the course uses natural logs (math.log), not log10": "本课程用自然对数（math.log），不是 log10",
    "{sentence} under a {order}-gram MLE": "{order} 元 MLE 模型下的 {sentence}",
    "sum math.log(model.prob(w, context)) over the words and '</s>', context = the last order-1 words": (
        "对每个词和 '</s>' 累加 math.log(model.prob(w, context))，context 取前面 order-1 个词"
    ),
    "perplexity is exp of MINUS the mean log-probability": "困惑度是 exp(平均对数概率的相反数)：别漏了负号",
    "divide the summed log-probability by the number of tokens": "对数概率之和还要除以词元数",
    "the log-probabilities are natural logs: use math.exp, not 2 **": "这些对数概率是自然对数：用 math.exp，不是 2 **",
    "{n} tokens": "{n} 个词元",
    "perplexity = exp(-(1/N) * sum of ln p), N = number of tokens": "困惑度 = exp(-(1/N) * Σ ln p)，N 为词元数",
    # --- notebook 02 ------------------------------------------------------------------------------------------
    "add k once per vocabulary word in the denominator: c(h) + k*V": "分母要为词表中的每个词各加一次 k：c(h) + k*V",
    "that is the unsmoothed MLE: add k to the count": "这是未平滑的 MLE：给计数加上 k",
    "the freed mass D*N1+(h.)/c(h) goes to p_lower": "折扣腾出的概率质量 D*N1+(h.)/c(h) 要分给 p_lower",
    "p = max(c_hw - D, 0)/c_h + D * n_followers / c_h * p_lower, and p_lower when c_h == 0": (
        "p = max(c_hw - D, 0)/c_h + D * n_followers / c_h * p_lower；c_h == 0 时为 p_lower"
    ),
    # --- notebook 03 ------------------------------------------------------------------------------------------
    "you forgot the output bias b (|V| numbers)": "漏掉了输出层偏置 b（|V| 个数）",
    "you forgot the hidden bias d (h numbers)": "漏掉了隐藏层偏置 d（h 个数）",
    "with direct=True, W adds |V| x (n-1)m numbers": "direct=True 时，直连矩阵 W 还有 |V| x (n-1)m 个数",
    # --- notebook 04 ------------------------------------------------------------------------------------------
    "a {shape} network on a batch of {batch}": "一个 {shape} 网络，批大小 {batch}",
    "sign: δ^o is (d − o) times σ', not (o − d)": "符号错了：δ^o 是 (d − o) 乘 σ'，不是 (o − d)",
    "you left out the sigmoid's derivative o (1 − o), eq. (4.2)": "漏掉了 sigmoid 的导数 o (1 − o)，式 (4.2)",
    "σ'(net) = o (1 − o): the factor (1 − o) is missing": "σ'(net) = o (1 − o)：少了因子 (1 − o)",
    "δ^o_k = (d_k − o_k) · o_k (1 − o_k), elementwise": "δ^o_k = (d_k − o_k) · o_k (1 − o_k)，逐元素计算",
    "you left out the hidden sigmoid's derivative y (1 − y)": "漏掉了隐藏层 sigmoid 的导数 y (1 − y)",
    "σ'(net_y) = y (1 − y): the factor y is missing": "σ'(net_y) = y (1 − y)：少了因子 y",
    "W is m x l: the error flows back through Wᵀ": "W 是 m x l 的：误差经 Wᵀ 反向传回",
    "δ^y_j = (Σ_k δ^o_k w_jk) · y_j (1 − y_j): in matrix form (δ^o Wᵀ) ⊙ Y ⊙ (1 − Y)": (
        "δ^y_j = (Σ_k δ^o_k w_jk) · y_j (1 − y_j)：写成矩阵形式为 (δ^o Wᵀ) ⊙ Y ⊙ (1 − Y)"
    ),
    # --- notebook 05 ------------------------------------------------------------------------------------------
    "the error passes through tanh first: multiply by tanh' = 1 − h² before W_hh": (
        "误差先经过 tanh：在乘 W_hh 之前先乘 tanh' = 1 − h²"
    ),
    "h_t = tanh(... + h_{t-1} W_hhᵀ), so going back multiplies by W_hh, not W_hhᵀ": (
        "h_t = tanh(... + h_{t-1} W_hhᵀ)，所以反向时乘的是 W_hh，不是 W_hhᵀ"
    ),
    "tanh'(z) = 1 − tanh(z)², with the square": "tanh'(z) = 1 − tanh(z)²，别漏了平方",
    "a batch of {B} with {H} hidden units": "批大小 {B}，{H} 个隐藏单元",
    "clip by the *global* norm of all gradients together, not each one separately": (
        "按所有梯度合在一起的**全局**范数裁剪，而不是每个梯度各自裁剪"
    ),
    "three gradients, max_norm={max_norm}": "三个梯度，max_norm={max_norm}",
    "returned {what}, expected a list": "返回了{what}，应为列表",
    "build the list: [g * scale for g in grads]": "把列表建出来：[g * scale for g in grads]",
    "returned {what}, expected a list of {n} arrays, one per gradient": (
        "返回了{what}，应为 {n} 个数组组成的列表，每个梯度一个"
    ),
    "returned {got} arrays, expected {n}, one per gradient": "返回了 {got} 个数组，应为 {n} 个，每个梯度一个",
    "gradient {i} has shape {got}, expected {shape}: scale it, keep its shape": (
        "第 {i} 个梯度的形状是 {got}，应为 {shape}：只缩放，不要改变形状"
    ),
    "scale every gradient by min(1, max_norm / sqrt(sum of all squares))": (
        "每个梯度都乘以 min(1, max_norm / sqrt(所有元素的平方和))"
    ),
    # --- notebook 06 ------------------------------------------------------------------------------------------
    "sign: the gradient of the loss is (σ(s) − label) u; gradient *descent* subtracts it later": (
        "符号错了：损失的梯度是 (σ(s) − label) u；梯度*下降*时才减去它"
    ),
    "the K noise words contribute too: add Σ_k σ(u_k·h) u_k": "K 个噪声词也有贡献：加上 Σ_k σ(u_k·h) u_k",
    "noise terms: +σ(u_k·h) u_k": "噪声词的项是 +σ(u_k·h) u_k",
    "cap the probability at 1: rare words are always kept": "概率上限为 1：低频词总是保留",
    "that is the 2013 paper's discard formula; word2vec's code keeps (sqrt(f/t)+1)·t/f": (
        "这是 2013 年论文里的丢弃公式；word2vec 代码的保留概率是 (sqrt(f/t)+1)·t/f"
    ),
    # --- notebook 07 ------------------------------------------------------------------------------------------
    "positive PMI: clip the negative values to 0 with np.maximum(pmi, 0)": (
        "正点互信息：用 np.maximum(pmi, 0) 把负值截为 0"
    ),
    "use the natural log (np.log), as the package does; log2 only rescales every value": (
        "和本课程的代码一样用自然对数（np.log）；log2 只是把每个值按比例缩放"
    ),
    "P(i, j) P(i)⁻¹ P(j)⁻¹ needs every count divided by the total: multiply by X.sum()": (
        "P(i, j) P(i)⁻¹ P(j)⁻¹ 中的每个计数都要除以总数：乘以 X.sum()"
    ),
    "a {shape} count matrix": "一个 {shape} 的计数矩阵",
    "PPMI = max(0, log(X_ij · ΣX / (row_i · col_j))), and 0 where X_ij = 0": (
        "PPMI = max(0, log(X_ij · ΣX / (row_i · col_j)))；X_ij = 0 处为 0"
    ),
    "that is the squared error: take the square root": "这是误差的平方：再开平方根",
    "square the singular values before adding them, then take the root": "先把奇异值平方再相加，然后开平方根",
    "the error is what is dropped: the values after the first k": "误差来自被舍去的部分：前 k 个之后的奇异值",
    # --- notebook 08 ------------------------------------------------------------------------------------------
    "cap the weight at 1: pairs seen more than x_max times all get weight 1": (
        "权重上限为 1：共现次数超过 x_max 的词对权重都是 1"
    ),
    "raise x / x_max to the power alpha": "要把 x / x_max 取 alpha 次幂",
    "the ratio is x / x_max, not x_max / x": "比值是 x / x_max，不是 x_max / x",
    "the derivative of e² is 2e: keep the factor 2": "e² 的导数是 2e：别漏了因子 2",
    "multiply by the weight f(x): it scales the whole term": "要乘以权重 f(x)：它缩放整个项",
    "∂(w·w̃)/∂w is w̃, the context vector, not w": "∂(w·w̃)/∂w 是上下文向量 w̃，不是 w",
    "sign: e = w·w̃ + b + b̃ − log x, and the gradient is +2 f e w̃": (
        "符号错了：e = w·w̃ + b + b̃ − log x，梯度是 +2 f e w̃"
    ),
    # --- notebook 09 ------------------------------------------------------------------------------------------
    "normalise the scalars with a softmax first: softmax(s)_j": "先用 softmax 把标量权重归一化：softmax(s)_j",
    "multiply the weighted sum by gamma, the task's overall scale": "加权和还要乘以 gamma，即任务的整体缩放系数",
    "weight each layer by softmax(s)_j, not equally": "每层按 softmax(s)_j 加权，而不是平均",
    "{n} layers of shape {shape}": "{n} 层，每层形状 {shape}",
    "reverse only the real words: padding must stay at the end of each row": "只反转真实的词：填充必须留在每行末尾",
    "row b: x[b, :n][::-1] followed by x[b, n:] unchanged, n = lengths[b]": (
        "第 b 行：x[b, :n][::-1] 后接原样不动的 x[b, n:]，n = lengths[b]"
    ),
    # --- notebook 10 ------------------------------------------------------------------------------------------
    "query i is row i: it may see keys j ≤ i (the lower triangle), not j ≥ i": (
        "查询 i 是第 i 行：它能看到 j ≤ i 的键（下三角），而不是 j ≥ i"
    ),
    "a token may see itself: keep the diagonal": "词元可以看到自己：保留对角线",
    "True marks what a query may see: the past and itself": "True 标出查询能看到的位置：过去和它自己",
    "divide the scores by √d_k before the softmax": "softmax 之前先把分数除以 √d_k",
    "mask the future: a query may only attend to keys at or before its position": (
        "遮住未来：查询只能关注它所在位置及之前的键"
    ),
    "softmax(q kᵀ / √d_k + M) v, row by row": "softmax(q kᵀ / √d_k + M) v，逐行计算",
    "count the biases too: every Linear layer has one per output": "偏置也要算上：每个 Linear 层的每个输出都有一个",
    "each LayerNorm has a gain and a bias of size d: 4·d in all": "每个 LayerNorm 有大小为 d 的增益和偏置：一共 4·d",
    "the MLP's hidden layer has 4·d units: its bias has 4·d entries": "MLP 的隐藏层有 4·d 个单元：它的偏置有 4·d 个数",
    # --- explorers (course_utils.widgets) -------------------------------------------------------------------
    "Move a control: the view redraws below (the one above is the default).": (
        "拖动控件：下方会重新绘制（上方是默认视图）。"
    ),
    "context: {context}": "上下文：{context}",
    "(start of a sentence)": "（句首）",
    "context never seen in training: no estimate (the sparsity problem)": (
        "训练中从未见过这个上下文：无法估计（数据稀疏问题）"
    ),
    "context": "上下文",
    "top k": "前 k 个",
    "need k > 0, 0 <= lambda < 1 and 0 < D < 1, got k={k}, lambda={lam}, D={d}": (
        "需要 k > 0、0 <= lambda < 1、0 < D < 1，实际为 k={k}、lambda={lam}、D={d}"
    ),
    "perplexity {ppl}": "困惑度 {ppl}",
    "add-k: k": "加 k 平滑：k",
    "JM: top lambda": "JM 插值：最高阶 lambda",
    "KN: D": "KN 折扣：D",
    "step": "步",
    "steps back, T − t": "向前回溯的步数 T − t",
    "tanh RNN, inputs of size {scale} (dotted: ρ^(T−t))": "tanh RNN，输入大小 {scale}（虚线：ρ^(T−t)）",
    "length": "长度",
    "input size": "输入大小",
    "type one word, or an analogy as  a : b :: c  (for example  france : paris :: japan,  北京 : 中国 :: 东京)": (
        "输入一个词，或写成  a : b :: c  的类比（例如  france : paris :: japan，北京 : 中国 :: 东京）"
    ),
    "{word} is several words: {usage}": "{word} 是多个词：{usage}",
    "{word} is {n} characters long, not a word: {usage}": "{word} 长 {n} 个字符，不是一个词：{usage}",
    "query": "查询",
    "top n": "前 n 个",
    "power {power}: noise probability (unigram probability)": "幂次 {power}：噪声概率（一元语法概率）",
    "exponent": "幂次",
    "sentence": "句子",
    "window {window}, {weighting}, rank {rank}:": "窗口 {window}，加权 {weighting}，秩 {rank}：",
    "type a word to see its nearest neighbours": "输入一个词，查看它的最近邻",
    "{word} is several words: type one word": "{word} 是多个词：请只输入一个词",
    "{word} is not in the vocabulary": "{word} 不在词表中",
    "WS-353 ρ {ws} · SimLex-999 ρ {sl} · analogies {an}": "WS-353 ρ {ws} · SimLex-999 ρ {sl} · 类比 {an}",
    "word": "词",
    "window": "窗口",
    "weighting": "加权",
    "rank": "秩",
    "type two words i and j (for example  ice  and  steam) and probe words k (for example  solid gas water)": (
        "输入两个词 i 和 j（例如  ice  和  steam），以及探针词 k（例如  solid gas water）"
    ),
    "type some probe words k, separated by spaces (for example  solid gas water fashion)": (
        "输入若干探针词 k，用空格分开（例如  solid gas water fashion）"
    ),
    "{word} is several words: type one word for i and one for j": "{word} 是多个词：i 和 j 各输入一个词",
    "ratio": "比值",
    "word i": "词 i",
    "word j": "词 j",
    "probes k": "探针词 k",
    "type a sentence, then one of its words (for example  the company may sell the unit  and  may)": (
        "输入一个句子，再输入其中的一个词（例如  the company may sell the unit  和  may）"
    ),
    "type one of the sentence's words ({shown})": "请输入句子中的一个词（{shown}）",
    "{word} is several words: type one of the sentence's words ({shown})": (
        "{word} 是多个词：请输入句子中的一个词（{shown}）"
    ),
    "{word} is not in the sentence: type one of its words ({shown})": (
        "{word} 不在句子中：请输入句子中的一个词（{shown}）"
    ),
    "layer 0 (characters only)": "第 0 层（只有字符）",
    "layer 1 (biLSTM 1)": "第 1 层（第 1 层双向 LSTM）",
    "layer 2 (biLSTM 2)": "第 2 层（第 2 层双向 LSTM）",
    "'{word}' in: {sentence}": "句子中的 '{word}'：{sentence}",
    "layer {k}": "第 {k} 层",
    "neighbours": "近邻数",
    "type a sentence (words separated by spaces) to see where each word looks": (
        "输入一个句子（词之间用空格分开），查看每个词关注哪里"
    ),
    "layer must be 1 to {layers} and head 1 to {heads}; got layer {layer}, head {head}": (
        "层须在 1 到 {layers} 之间，头须在 1 到 {heads} 之间；实际为第 {layer} 层、第 {head} 个头"
    ),
    "(the model reads at most {context} tokens: the last {n} are shown)": (
        "（模型最多读入 {context} 个词元：只显示最后 {n} 个）"
    ),
    "layer {layer}, head {head}: where each token looks (weight)": (
        "第 {layer} 层、第 {head} 个头：每个词元关注哪里（权重）"
    ),
    "key: the token looked at": "键：被关注的词元",
    "query: the token looking": "查询：发出关注的词元",
    "layer {layer}, head {head}": "第 {layer} 层、第 {head} 个头",
    "layer": "层",
    "head": "头",
    # --- figures (course_utils.plotting) ---------------------------------------------------------------------
    "fit on ranks {lo}-{hi}: slope {slope}": "在第 {lo}-{hi} 名上拟合：斜率 {slope}",
    "frequency rank": "频数排名",
    "frequency": "频数",
    "epoch": "轮次",
    "validation perplexity": "验证集困惑度",
    "shaded: epochs trained at a lowered learning rate": "阴影：以调低后的学习率训练的轮次",
    "skip-gram: the centre word predicts each context word": "跳字模型（skip-gram）：中心词预测每个上下文词",
    "CBOW: the mean of the context predicts the centre": "连续词袋模型（CBOW）：上下文的平均预测中心词",
    "previous word ids": "前面各词的编号",
    "look up rows of C": "查表：取 C 的行",
    "concatenate: x": "拼接：x",
    "softmax: p(next word)": "softmax：p(下一个词)",
    "({batch}, {vocab}), rows sum to 1": "({batch}, {vocab})，每行之和为 1",
    "W: {vocab} × {n} (direct)": "W：{vocab} × {n}（直连）",
    "layer 0: char-CNN + highway,\none vector per spelling": "第 0 层：字符 CNN + highway，\n每种拼写一个向量",
    "layers 1-2: each word\nseen in its sentence": "第 1-2 层：每个词\n放在它的句子中看",
    "characters in": "输入字符",
    "Chinese font for figures: {font}": "图中的中文字体：{font}",
    "no Chinese font found: Chinese labels in figures are left out. To see them: {how}": (
        "没有找到中文字体：图中的中文标签被省略了。要显示它们：{how}"
    ),
    # --- environment check (notebook 00) ----------------------------------------------------------------------
    "(needs {needed})": "（需要 {needed}）",
    "fix: {fix}": "解决办法：{fix}",
    "data cache: {cached} of the {wanted} data sets the notebooks read are present; the others are downloaded on "
    "first use (python -m course_utils data fetch {names})": (
        "数据缓存：笔记本要读的 {wanted} 个数据集中已有 {cached} 个；其余的在第一次用到时下载"
        "（python -m course_utils data fetch {names}）"
    ),
    "All good: open notebooks/01_statistical_lm.ipynb.": "一切就绪：打开 notebooks/zh/01_statistical_lm.ipynb。",
    "Fix the FAIL lines above, then re-run.": "请按上面 FAIL 行的提示修好，再运行一次。",
    # --- gradient checks (course_utils.gradcheck, notebooks 04 and 05) ------------------------------------------
    "tensor": "张量",
    "shape": "形状",
    "exact": "完全相等",
    "max abs diff": "最大绝对差",
    "max rel diff": "最大相对差",
    "yes": "是",
    "no": "否",
    "all match": "全部一致",
    "MISMATCH": "不一致",
    "gradcheck failed: {reason}": "梯度检查未通过：{reason}",
    # --- word-vector evaluation (course_utils.embeddings, notebooks 06-08) ------------------------------------
    "model": "模型",
    "analogies": "类比",
    "{name}: {ws} / {sl} pairs, {an} questions": "{name}：{ws} / {sl} 个词对，{an} 道题",
    "{ws} WS-353 pairs, {sl} SimLex pairs, {an} analogy questions (every model)": (
        "WS-353 {ws} 个词对，SimLex {sl} 个词对，类比 {an} 道题（每个模型相同）"
    ),
    "{level} percentile-bootstrap intervals over the items scored: {counts}": (
        "对参与评分的条目做百分位自助法得到的 {level} 区间：{counts}"
    ),
    # --- the ladder (course_utils.ladder, notebook 10) --------------------------------------------------------
    "MLE 5-gram (no smoothing)": "MLE 五元模型（不平滑）",
    "add-one 5-gram": "加一平滑五元模型",
    "Katz 5-gram": "Katz 回退五元模型",
    "Kneser-Ney 5-gram": "Kneser-Ney 五元模型",
    "modified Kneser-Ney 5-gram": "修正 Kneser-Ney 五元模型",
    "NNLM + KN5 mixture": "NNLM + KN5 混合",
    "RNN LM": "RNN 语言模型",
    "LSTM LM": "LSTM 语言模型",
    "Transformer LM": "Transformer 语言模型",
    "ELMo biLM, forward": "ELMo 双向语言模型，前向",
    "ELMo biLM, backward": "ELMo 双向语言模型，后向",
    "model (paper)": "模型（论文）",
    "{model} ({paper} {year})": "{model}（{paper} {year}）",
    "ours": "本课程",
    "published": "论文报告",
    "not yet": "尚未测量",
    "this course (results/)": "本课程（results/）",
    "test perplexity (lower is better)": "测试集困惑度（越低越好）",
    "Penn Treebank test perplexity, each idea with its year": "Penn Treebank 测试集困惑度：每个想法及其年份",
    # --- results records (results/*.json): titles and column headers, through i18n.tr_data ----------------
    "wall time {time}": "用时 {time}",
    "peak memory {mb} MB": "内存峰值 {mb} MB",
    "device {device}": "设备 {device}",
    "({cores} CPU cores)": "（{cores} 个 CPU 核）",
    "{n} processes": "{n} 个进程",
    " on {date}": "，{date}",
    " at commit {commit}": "，提交 {commit}",
    "Measured by {how}{at}{when}: {parts}.": "由 {how} 测得{at}{when}：{parts}。",
    "ELMo's biLM (small) on People's Daily (1998-01, gold words): perplexity and bits per character per direction": (
        "ELMo 的双向语言模型（小）在《人民日报》（1998 年 1 月，标准分词）上：各方向的困惑度与每字比特数"
    ),
    "epochs (best)": "训练轮次（最佳）",
    "valid ppl (forward / backward)": "验证集困惑度（前向 / 后向）",
    "test ppl (forward / backward)": "测试集困惑度（前向 / 后向）",
    "test bits/char (forward / backward)": "测试集每字比特数（前向 / 后向）",
    "ELMo (small, data/elmo-pd.pt) on People's Daily: probes per layer, beside static vectors": (
        "ELMo（小，data/elmo-pd.pt）在《人民日报》上：逐层探针，与静态词向量对照"
    ),
    "representation": "表示",
    "POS accuracy": "词性标注准确率",
    "地: sense 1-NN": "地：词义 1-NN",
    "上: sense 1-NN": "上：词义 1-NN",
    "wordsim-240 ρ": "wordsim-240 的 ρ",
    "CA8 semantic": "CA8 语义类",
    "CA8 morphological": "CA8 形态类",
    "scalar-mix weights (layers 0 / 1 / 2)": "标量混合权重（第 0 / 1 / 2 层）",
    "ELMo (small, data/elmo-ptb.pt) on PTB: probes per layer, beside static vectors": (
        "ELMo（小，data/elmo-ptb.pt）在 PTB 上：逐层探针，与静态词向量对照"
    ),
    "may: sense 1-NN": "may：词义 1-NN",
    "analogy semantic": "语义类比",
    "analogy syntactic": "句法类比",
    "ELMo's biLM (small) on Penn Treebank: perplexity per direction": (
        "ELMo 的双向语言模型（小）在 Penn Treebank 上：各方向的困惑度"
    ),
    "GloVe, PPMI-SVD and word2vec on PTB's training text (same vocabulary and evaluation)": (
        "GloVe、PPMI-SVD 与 word2vec，在 PTB 训练文本上（相同词表与评测）"
    ),
    "analogy acc": "类比准确率",
    "seconds": "秒",
    "Next-token prediction on random sequences with a repeated segment: loss on each copy during training": (
        "在含重复片段的随机序列上预测下一个词元：训练过程中每份拷贝上的损失"
    ),
    "loss, first copy (nats)": "损失，第一份拷贝（nat）",
    "loss, second copy (nats)": "损失，第二份拷贝（nat）",
    "Estimating a 5-gram Kneser-Ney model on all of PTB train (929,589 tokens)": (
        "在整个 PTB 训练集（929,589 个词元）上估计五元 Kneser-Ney 模型"
    ),
    "implementation": "实现",
    "fit time": "拟合用时",
    "peak memory (process)": "内存峰值（进程）",
    "Zaremba's small LSTM on People's Daily (1998-01, gold words): perplexity and bits per character": (
        "Zaremba 的小型 LSTM 在《人民日报》（1998 年 1 月，标准分词）上：困惑度与每字比特数"
    ),
    "valid ppl": "验证集困惑度",
    "test ppl": "测试集困惑度",
    "test bits/char": "测试集每字比特数",
    "test ppl/char": "测试集每字困惑度",
    "Zaremba's small LSTM on Penn Treebank (truncated BPTT, state carried across batches)": (
        "Zaremba 的小型 LSTM 在 Penn Treebank 上（截断 BPTT，状态跨批次传递）"
    ),
    "epochs": "训练轮次",
    "published test": "论文报告的测试集结果",
    "train time": "训练用时",
    "words/s": "词/秒",
    "MLE n-gram language models on Penn Treebank (Mikolov's 10k version)": (
        "Penn Treebank（Mikolov 的 1 万词版本）上的 MLE n 元语言模型"
    ),
    "order": "阶数",
    "n-gram types": "n 元组种类数",
    "count time": "计数用时",
    "train ppl": "训练集困惑度",
    "unseen valid n-grams": "验证集中未见过的 n 元组",
    "unseen test n-grams": "测试集中未见过的 n 元组",
    "Smoothed n-gram models on Penn Treebank: validation / test perplexity": (
        "Penn Treebank 上的平滑 n 元模型：验证集 / 测试集困惑度"
    ),
    "method": "方法",
    "published test (n=3 / n=5)": "论文报告的测试集结果（n=3 / n=5）",
    "Smoothed n-gram models on Chinese text: validation / test perplexity (People's Daily 1998-01, 《红楼梦》)": (
        "中文文本上的平滑 n 元模型：验证集 / 测试集困惑度（《人民日报》1998 年 1 月，《红楼梦》）"
    ),
    "corpus": "语料",
    "Bengio's NNLM on People's Daily (1998-01, gold words): perplexity and bits per character": (
        "Bengio 的 NNLM 在《人民日报》（1998 年 1 月，标准分词）上：困惑度与每字比特数"
    ),
    "Bengio's NNLM on Penn Treebank: test perplexity, alone and mixed with Kneser-Ney": (
        "Bengio 的 NNLM 在 Penn Treebank 上：单独使用及与 Kneser-Ney 混合时的测试集困惑度"
    ),
    "Count-based vectors (co-occurrence → weighting → SVD) beside word2vec, on PTB's training text": (
        "基于计数的词向量（共现 → 加权 → SVD）与 word2vec 对照，在 PTB 训练文本上"
    ),
    "Mikolov's recurrent LM on Penn Treebank: test perplexity, alone and mixed with Kneser-Ney": (
        "Mikolov 的循环神经网络语言模型在 Penn Treebank 上：单独使用及与 Kneser-Ney 混合时的测试集困惑度"
    ),
    "Scaling in miniature: Transformer LMs of six sizes, each trained on one pass over PTB": (
        "缩小版的扩展定律：六种规模的 Transformer 语言模型，各在 PTB 上训练一遍"
    ),
    "dim": "维度",
    "layers": "层数",
    "heads": "头数",
    "N (non-embedding)": "N（不含嵌入层）",
    "all parameters": "全部参数",
    "learning rate": "学习率",
    "valid loss (nats)": "验证集损失（nat）",
    "Seconds for a rank-100 SVD of the n x n PPMI matrix of PTB's n most frequent words": (
        "对 PTB 最常见的 n 个词的 n x n PPMI 矩阵做秩 100 的 SVD 所需秒数"
    ),
    "non-zeros": "非零元个数",
    "full (LAPACK)": "完整（LAPACK）",
    "truncated (ARPACK)": "截断（ARPACK）",
    "randomised": "随机化",
    "A Transformer language model on Penn Treebank, beside the small LSTM": (
        "Penn Treebank 上的 Transformer 语言模型，与小型 LSTM 对照"
    ),
    "parameters": "参数量",
    "Word vectors on People's Daily 1998-01 (1.12M gold words): Chinese similarity and analogies (mean ± standard "
    "deviation over 3 seeds for word2vec)": (
        "《人民日报》1998 年 1 月（112 万个标准分词）上的词向量：中文相似度与类比"
        "（word2vec 为 3 个随机种子的均值 ± 标准差）"
    ),
    "wordsim-240 ρ (172/240)": "wordsim-240 的 ρ（172/240）",
    "CA8 semantic (1,566/7,636)": "CA8 语义类（1,566/7,636）",
    "CA8 morphological (672/10,177)": "CA8 形态类（672/10,177）",
    "CA-translated (571/953)": "CA-translated（571/953）",
    "word2vec on Penn Treebank, ours beside gensim (same corpus, hyper-parameters and thread count; mean ± standard "
    "deviation over 3 seeds)": (
        "Penn Treebank 上的 word2vec，本课程的实现与 gensim 对照"
        "（相同语料、超参数和线程数；3 个随机种子的均值 ± 标准差）"
    ),
    "speed vs gensim": "相对 gensim 的速度",
    # --- the README's generated blocks (course_utils.results, tools.execute) -----------------------------------
    "Run times measured by `python -m course_utils execute` (one thread, on a {cores}-core CPU; {minutes} minutes "
    "for all of them), also shown in each notebook's header:": (
        "运行时间由 `python -m course_utils execute` 测得（单线程，{cores} 核 CPU；全部运行一遍共 {minutes} 分钟），"
        "也写在每个笔记本的开头："
    ),
    "notebook": "笔记本",
    "seconds, about": "约需秒数",
    # --- the backprop stepper (course_utils.backprop, notebook 04) and learning-rate schedules ------------------
    "forward": "前向",
    "backward": "反向",
    "error": "误差",
    "update": "更新",
    "after": "更新后",
    "epochs 1-{k} at the starting rate: {a} → {b}": "第 1-{k} 轮用初始学习率：{a} → {b}",
    ", the last of them gaining {gain}": "，其中最后一轮改进 {gain}",
    "; epochs {first}-{last} at lowered rates: → {best} ({change})": (
        "；第 {first}-{last} 轮用调低的学习率：→ {best}（{change}）"
    ),
    "| notebook | words | 字 | cells | figures | explorers | read aloud | run | session load | fits 90 min |": (
        "| 笔记本 | 英文词数 | 字数 | 单元数 | 图 | 探索器 | 朗读 | 运行 | 学习负荷 | 能否放进 90 分钟 |"
    ),
    "no: split it": "否：需拆分",
    "({sections} at home)": "（{sections} 课后读）",
    "{n} min": "{n} 分钟",
    "Read aloud at {words} English words and {cjk} 字 a minute; the session load adds the run time and {output} min "
    "per code cell to look at its output. A notebook fits when its session load leaves {reserved} of the {session} "
    "minutes for exercises and discussion.": (
        "朗读速度按每分钟 {words} 个英文词、{cjk} 字计；学习负荷再加上运行时间，以及每个代码单元 {output} 分钟看输出。"
        "学习负荷给练习和讨论留出 {session} 分钟中的 {reserved} 分钟，就算放得进。"
    ),
}

# the session plans' texts are long: they live in their own file of the same catalogue
ZH.update(SESSIONS)
# the results records' notes: data, one entry per note of results/*.json
ZH.update(RECORDS)
