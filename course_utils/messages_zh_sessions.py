"""The Chinese texts of the 90-minute session plans (:mod:`course_utils.sessions`): English text → Chinese text.

Part of the one message catalogue (:data:`course_utils.messages_zh.ZH` includes it); kept apart only because the
plans are long. The same rules hold: every ``N_("...")`` text and ``tr("...")`` label of ``sessions.py`` has an
entry with the same ``{fields}``, and no entry outlives its English text (``tests/test_i18n.py``).

A label the English edition prints in both languages (``"读 read"``, ``"答案 · Answer"``) keeps only its Chinese
part here. Numbers, formulas, equation numbers, code and PTB words stay as the English has them; English example
phrases (what to type into an explorer, a sentence of the toy corpus) stand in Chinese quotes “...”.
"""

from __future__ import annotations

SESSIONS: dict[str, str] = {
    # --- the labels of session_plan_markdown and load_line: a bilingual English label keeps its Chinese part ---
    "90 分钟学习计划 · Session plan (90 min)": "90 分钟学习计划",
    "**90 分钟学习计划 · Session plan (90 min).**": "**90 分钟学习计划。**",
    "Reading load: see the README's table.": "阅读量见 README 的表格。",
    "Reading load: {load}.": "阅读量：{load}。",
    "{words} words of prose + {cjk} 字, {cells} cells ({markdown} markdown, {code} code), about {minutes} min to "
    "read aloud, {run}": (
        "正文 {words} 个英文词 + {cjk} 字，共 {cells} 个单元格（{markdown} 个 markdown 单元格，{code} 个代码单元格），"
        "朗读约需 {minutes} 分钟，{run}"
    ),
    "run time not measured": "运行时间未测量",
    "{seconds} s to run": "运行需 {seconds} 秒",
    "| min | what | sections | cells to run live |": "| 分钟 | 内容 | 小节 | 现场运行的单元格 |",
    "读 read": "读",
    "运行 run": "运行",
    "讨论 discuss": "讨论",
    "探索 explore": "探索",
    "练习 exercise": "练习",
    "休息 break": "休息",
    "{kind}: {text}": "【{kind}】{text}",
    "**讨论 · Discussion**": "**讨论**",
    "{i}. ({section}) {question}": "{i}. （{section}）{question}",
    "答案 · Answer": "答案",
    "**课后阅读 · Home reading:** {sections}. {note}": "**课后阅读：** {sections}。{note}",
    # --- notebook 01 --------------------------------------------------------------------------------------------------
    "Read the 中文导读 aloud; everyone names one learning goal.": "朗读中文导读；每人说出一个学习目标。",
    "Chain rule (1.1): compute p(I am fine) = 0.1 by hand, then run.": (
        "链式法则 (1.1)：先手算 p(I am fine) = 0.1，再运行。"
    ),
    "Discussion 1: why is 'you are happy' impossible?": "讨论 1：为什么“you are happy”不可能出现？",
    "MLE (1.3); guess what follows 宝 and 黛 before running.": "MLE (1.3)；运行之前，先猜一猜 宝 和 黛 后面跟着什么。",
    "PTB: Zipf figure, underflow, 困惑度 table; look at the unseen-n-gram bar chart.": (
        "PTB：齐普夫定律图、下溢、困惑度表；看一看未见过的 n 元语法所占比例的柱状图。"
    ),
    "Discussion 2: train perplexity 68, validation ∞.": "讨论 2：训练集困惑度 68，验证集困惑度 ∞。",
    "Sampling: read the samples aloud; which are training sentences?": "采样：朗读生成的样本；哪些是训练集里的原句？",
    "Discussion 3: 19 of 40 5-gram samples are copies.": "讨论 3：40 个 5 元语法样本中有 19 个是原样照抄的训练句子。",
    "中文的“词”: words vs 字; look at the two Zipf curves, then bits per character.": (
        "中文的“词”：按词读与按字读；看两条齐普夫曲线，再看每字符比特数。"
    ),
    "Discussion 4: is the character model better?": "讨论 4：字模型更好吗？",
    "Next-word explorer: 'the stock', 'interest rates', then a context never seen.": (
        "下一个词探索器：依次输入“the stock”“interest rates”，再输入一个从未见过的上下文。"
    ),
    "One types, the group argues, the checker decides; answers of 'Think about it' last.": (
        "一人输入代码，大家讨论，检查器裁定；“想一想”的答案放到最后。"
    ),
    "勘误 and 小结 aloud; glossary and further reading at home.": "朗读勘误和小结；术语表和延伸阅读留到课后。",
    "Every word of 'you are happy' occurs in the toy corpus. Why does the bigram model give it probability 0, "
    "while 'you are fine thank you', which is not in the corpus either, gets 0.0042?": (
        "“you are happy”中的每个词都在玩具语料中出现过。为什么二元语法模型给它的概率是 0，而同样不在语料中的“you are "
        "fine thank you”却得到 0.0042？"
    ),
    "MLE gives an unseen bigram probability 0: 'are' is followed only by 'fine' in the ten sentences, so p(happy | "
    "are) = 0 and the product is 0. 'you are fine thank you' is new as a sentence, but each of its bigrams was "
    "seen, so every factor is above 0.": (
        "MLE 给未见过的二元语法的概率是 0：在这十个句子中，“are”后面只跟过“fine”，所以 p(happy | are) = 0，乘积也就是 "
        "0。“you are fine thank you”作为句子是新的，但它的每个二元语法都见过，所以每个因子都大于 0。"
    ),
    "The bigram's training perplexity is 68.0 but its validation perplexity is infinite; the unigram's is a finite "
    "687. Why?": ("二元语法模型的训练集困惑度是 68.0，验证集困惑度却是无穷大；一元语法模型的则是有限的 687。为什么？"),
    "15,108 of the 73,760 validation tokens get p = 0: about one validation bigram in five (20.5 %) never occurs "
    "in training, and one ln 0 = −∞ makes the average infinite. The unigram stays finite only because PTB's "
    "vocabulary is closed (every validation word, <unk> included, occurs in training). Low training perplexity "
    "measures memory, not generalisation.": (
        "验证集的 73,760 个词元中有 15,108 个得到 p = 0：大约每五个验证集二元语法就有一个（20.5 %）"
        "从未在训练集中出现，而只要有一个 ln 0 = −∞，平均值就是无穷大。一元语法模型的困惑度之所以有限，只是因为 PTB "
        "的词表是封闭的（验证集中的每个词，包括 <unk>，都在训练集中出现过）。训练集困惑度低，衡量的是记忆，"
        "而不是泛化。"
    ),
    "19 of 40 samples of the 5-gram model are whole training sentences, against 1 of 40 for the trigram. What does "
    "that predict for the 5-gram on new text?": (
        "5 元语法模型的 40 个样本中有 19 个是完整的训练句子，三元语法模型则只有 40 个中的 1 个。由此可以预料 5 "
        "元语法模型在新文本上会怎样？"
    ),
    "95.8 % of the distinct 5-grams are seen once, so most 4-word histories have a single continuation and the "
    "model replays its training text. On validation text 82.6 % of the 5-grams are new, MLE gives them 0, and the "
    "perplexity is infinite: memorising is not modelling (notebook 02 fixes it).": (
        "不同的 5 元语法中有 95.8 % 只出现过一次，所以大多数 4 词历史只有唯一的接续，模型只是在重放训练文本。"
        "验证集文本中 82.6 % 的 5 元语法是新的，MLE 给它们的概率是 0，困惑度于是为无穷大：背下来不等于建模（第 02 "
        "节解决这个问题）。"
    ),
    "On People's Daily the word 5-gram has perplexity 173.9 and the character 5-gram 60.8. Is the character model "
    "three times better?": (
        "在《人民日报》语料上，词 5 元语法模型的困惑度是 173.9，字 5 元语法模型是 60.8。字模型好三倍吗？"
    ),
    "Not comparable: perplexity is per prediction, and a word is 1.64 字 on average. Per character the character "
    "model still wins, 5.926 against 6.668 bits per character, mostly because the word model pays 2.020 bits per "
    "character to spell out its 10.4 % unknown tokens.": (
        "两者不可比：困惑度是按每次预测平均的，而一个词平均有 1.64 字。按每个字计算，字模型仍然胜出，每字符比特数为 "
        "5.926 对 6.668，主要是因为词模型要把占 10.4 % 的未知词元逐字拼写出来，为此付出每字符 2.020 比特的代价。"
    ),
    # --- notebook 02 --------------------------------------------------------------------------------------------------
    "Recall notebook 01: 20.5 % unseen bigrams, perplexity ∞.": "回顾第 01 节：20.5 % 的二元语法未见过，困惑度为 ∞。",
    "加一平滑 (2.1): guess the best k before running the k table.": (
        "加一平滑 (2.1)：运行 k 值表之前，先猜一猜最好的 k 是多少。"
    ),
    "Discussion 1: why is add-one worse than no context at all?": "讨论 1：为什么加一平滑比完全不看上下文还差？",
    "回退: Good-Turing discounts; stupid back-off's scores sum to 1.168.": (
        "回退：古德-图灵折扣；愚蠢回退的得分之和为 1.168。"
    ),
    "插值: write the one-line proof on the board, then the numeric check.": (
        "插值：在白板上写出一行证明，再做数值检验。"
    ),
    "Discussion 2: the trigram's small weight.": "讨论 2：三元语法的权重为什么小。",
    "Kneser-Ney: kong occurs 129 times but after one word only.": (
        "Kneser-Ney 平滑：kong 出现了 129 次，却只跟在一个词之后。"
    ),
    "The PTB table (15 s); look at the figure: 141.2 reproduced.": "PTB 上的结果表（15 秒）；看图：复现了 141.2。",
    "Discussion 3: Kong and York.": "讨论 3：Kong 与 York。",
    "How much probability goes to unseen words? Compare with 20.5 %.": "有多少概率分给了未见过的词？与 20.5 % 比较。",
    "Sliders: move D from 0.5 to 0.9, λ₃ from 0.1 to 0.6; find each optimum.": (
        "滑块：把 D 从 0.5 调到 0.9，把 λ₃ 从 0.1 调到 0.6；分别找出最优值。"
    ),
    "中文上的平滑: 泽民 and 础 have continuation count 5 and 1.": "中文上的平滑：泽民 和 础 的延续计数分别是 5 和 1。",
    "Discussion 4: why KN gains most on 字.": "讨论 4：为什么 KN 在字上提升最多。",
    "add-k and one step of absolute discounting; the checker decides.": "加 k 平滑和绝对折扣的一步计算；由检查器裁定。",
    "勘误 and 小结 aloud.": "朗读勘误和小结。",
    "The add-one bigram's validation perplexity (854.5) is worse than the unigram's (687.0), and add-one gets "
    "worse with every order (6,580 test perplexity at n = 5). Why?": (
        "加一平滑的二元语法模型的验证集困惑度（854.5）比一元语法模型（687.0）还差，而且阶数每升高一阶，"
        "加一平滑就更差一些（n = 5 时测试集困惑度为 6,580）。为什么？"
    ),
    "Add-one invents |V| = 10,000 counts for every history: a history seen 10 times gets 10 real counts and 10,000 "
    "invented ones. The longer the history, the rarer it is, so its real counts drown in k|V|. Section 7 measures "
    "it: add-one gives unseen next words 67.8 % of the probability, while only 20.5 % of validation bigrams are "
    "unseen.": (
        "加一平滑为每个历史凭空添加 |V| = 10,000 个计数：一个出现过 10 次的历史，有 10 个真实计数和 10,000 "
        "个虚构计数。历史越长就越罕见，它的真实计数就淹没在 k|V| 之中。第 7 小节测量了这一点：加一平滑把 67.8 % "
        "的概率分给了未见过的下一个词，而验证集中未见过的二元语法只占 20.5 %。"
    ),
    "EM gives the trigram the weight 0.320, smaller than the bigram's 0.599. Why would held-out text prefer the "
    "shorter history?": ("EM 给三元语法的权重是 0.320，比二元语法的 0.599 还小。为什么留存文本反而偏爱较短的历史？"),
    "EM maximises the probability of held-out text. Many validation trigrams were never seen, or their history "
    "only once or twice, so the trigram estimate is often 0 or far off; a large trigram weight is paid for on "
    "every such word. The bigram is right more often on new text, so it earns the larger share.": (
        "EM 最大化的是留存文本的概率。许多验证集三元语法从未见过，或者其历史只出现过一两次，所以三元语法的估计常常是 "
        "0 或者偏差很大；三元语法的权重越大，在每一个这样的词上付出的代价就越大。在新文本上二元语法更常估计正确，"
        "所以分得了更大的份额。"
    ),
    "Kong occurs 129 times in PTB, York 961, said 6,027. Why does Kneser-Ney rate Kong far below York and said "
    "after a history it has never seen?": (
        "在 PTB 中 Kong 出现了 129 次，York 961 次，said 6,027 次。在一个从未见过的历史之后，为什么 Kneser-Ney 平滑给 "
        "Kong 的概率远低于 York 和 said？"
    ),
    "Kneser-Ney's lower orders use continuation counts N1+(· w), the number of different words seen before w: 1 "
    "for kong (always after hong), 9 for york, 1,377 for said. After an unseen history the question is how likely "
    "w is to follow a new word, and Kong never does. That idea makes KN the best method at every order above 1, "
    "and modified KN's 5-gram reaches the published 141.2.": (
        "Kneser-Ney 平滑的低阶分布使用延续计数 N1+(· w)，即在 w 之前出现过的不同词的个数：kong 为 1（总是跟在 hong "
        "之后），york 为 9，said 为 1,377。在未见过的历史之后，要问的是 w 跟在一个新词之后的可能性有多大，而 Kong "
        "从来不会这样出现。正是这个想法使 KN 在 1 以上的每个阶数上都是最好的方法，修正 KN 的 5 "
        "元语法模型也达到了文献报告的 141.2。"
    ),
    "Modified KN beats Katz by 13.0 % on People's Daily words but by 21.8 % on its characters. Why is the gain "
    "larger on 字?": (
        "在《人民日报》语料上，修正 KN 按词比卡茨回退好 13.0 %，按字却好 21.8 %。为什么在字上的提升更大？"
    ),
    "Characters such as 础 (535 times, always after 基, continuation count 1) and 央 occur often but only inside a "
    "few compounds: exactly the case continuation counts are for. A unigram would rate them likely after any "
    "unseen history; Kneser-Ney knows they need their partner.": (
        "像 础（出现 535 次，总是在 基 之后，延续计数为 1）和 央 这样的字出现得很频繁，却只出现在少数几个复合词里："
        "这正是延续计数所针对的情形。一元语法会认为它们在任何未见过的历史之后都很可能出现；Kneser-Ney "
        "平滑则知道它们需要自己的搭档。"
    ),
    # --- notebook 03 --------------------------------------------------------------------------------------------------
    "中文导读 aloud: symbols vs vectors (词向量).": "朗读中文导读：符号与向量（词向量）。",
    "Write eq. (3.1) on the board; name C, H, d, U, W, b.": "在白板上写出式 (3.1)；说出 C、H、d、U、W、b 各是什么。",
    "The notes' toy: follow the shapes (4, 2, 2) → (4, 16).": (
        "读书笔记中的玩具例子：跟踪形状的变化 (4, 2, 2) → (4, 16)。"
    ),
    "Discussion 1: what did the toy learn?": "讨论 1：玩具模型学到了什么？",
    "Train on a sixteenth of PTB (about half a minute); look at the curves.": (
        "在 PTB 的十六分之一上训练（约半分钟）；看训练曲线。"
    ),
    "Nearest neighbours; on the PCA figure find the pronouns and million/billion.": (
        "最近邻；在 PCA 图上找出代词和 million/billion。"
    ),
    "Discussion 2: noise among all words, structure among frequent ones.": (
        "讨论 2：在全部词中是噪声，在高频词中有结构。"
    ),
    "混合 (mixture) with Kneser-Ney; then the full-size record.": (
        "与 Kneser-Ney 平滑模型混合；然后看完整规模实验的运行记录。"
    ),
    "Discussion 3: how can a worse model help?": "讨论 3：更差的模型怎么能有帮助？",
    "中文上的 NNLM: the mixture gains 19 % on People's Daily.": (
        "中文上的 NNLM：在《人民日报》语料上，混合模型提升了 19 %。"
    ),
    "parameter_count, then 'Think about it' (1) with the numbers of §5.": (
        "parameter_count，然后用 §5 的数字回答“想一想”第 (1) 题。"
    ),
    "勘误 aloud: batch 4 not 2, n_step = n − 1, NNLP → NNLM.": (
        "朗读勘误：批大小是 4 而不是 2，n_step = n − 1，NNLP → NNLM。"
    ),
    "After 5,000 epochs the toy's loss is 0.0002 and it predicts the last word of every sentence. Has it learned "
    "that milk and coffee are alike?": (
        "训练 5,000 轮之后，玩具模型的损失是 0.0002，能预测出每个句子的最后一个词。它学到 milk 和 coffee 相似了吗？"
    ),
    "No. Seven sentences, each with a different context, and 322 parameters: it can only memorise. Sharing "
    "statistics between similar words needs words that occur in similar contexts, which the toy does not have "
    "(errata 4); the PTB sections show it.": (
        "没有。七个句子，每句的上下文都不同，却有 322 个参数：它只能死记硬背。要在相似的词之间共享统计信息，"
        "需要出现在相似上下文中的词，而玩具语料里没有这样的词（勘误 4）；PTB 的几个小节说明了这一点。"
    ),
    "Among all 10,000 words monday's neighbours are <unk>, salomon, orkem…; among the 500 most frequent, million "
    "finds billion. Why the difference?": (
        "在全部 10,000 个词中，monday 的近邻是 <unk>、salomon、orkem…；而在最常见的 500 个词中，million 找到了 "
        "billion。为什么有这种差别？"
    ),
    "Two epochs on 59,000 tokens: a rare word's vector is updated only the few times it occurs, so it stays near "
    "its random start, and such vectors crowd every list. Frequent words got enough updates for structure to show. "
    "Good neighbours across the vocabulary need much more text per word (notebook 06).": (
        "在 59,000 个词元上只训练了两轮：罕见词的向量只在它出现的寥寥几次中得到更新，所以一直停留在随机初始值附近，"
        "而这样的向量挤满了每一张近邻列表。高频词得到了足够多的更新，结构才显现出来。要让整个词表都有好的近邻，"
        "每个词都需要多得多的文本（第 06 节）。"
    ),
    "The small NNLM alone has test perplexity 513, more than three times Kneser-Ney's 151, yet mixing it in with "
    "weight 0.12 lowers Kneser-Ney to 149. How can a worse model help?": (
        "小 NNLM 单独使用时，测试集困惑度为 513，是 Kneser-Ney 平滑的 151 的三倍多；可是以 0.12 的权重把它混合进来，"
        "却能把 Kneser-Ney 的困惑度降到 149。更差的模型怎么能有帮助？"
    ),
    "The two make different mistakes: the n-gram model knows exact frequent phrases, the NNLM generalises through "
    "similar word vectors where the n-gram has no evidence. The mixture is still a distribution (notebook 02's "
    "proof), with λ fitted by EM on validation text. At full size the mixture reaches 125.6 against KN's 141.2.": (
        "两个模型犯的错误不同：n 元语法模型记得确切的高频短语，NNLM 则在 n "
        "元语法没有证据的地方借助相似的词向量进行泛化。混合后仍然是一个概率分布（第 02 节的证明），λ 由 EM "
        "在验证集文本上拟合。在完整规模下，混合模型达到 125.6，而 KN 为 141.2。"
    ),
    # --- notebook 04 --------------------------------------------------------------------------------------------------
    "中文导读 aloud: the notes' four steps of BP.": "朗读中文导读：读书笔记中 BP 的四个步骤。",
    "Sigmoid (4.1)–(4.2): look at the derivative's peak, 1/4.": "Sigmoid (4.1)–(4.2)：看导数的峰值 1/4。",
    "Forward pass: compute net_y1 = 0.755 by hand first.": "前向传播：先手算 net_y1 = 0.755。",
    "Derive δ^o (4.5) and δ^y (4.7) on the board, 误差反向传播.": "在白板上推导 δ^o (4.5) 和 δ^y (4.7)：误差反向传播。",
    "Stepper: walk lines 1–11; set η = 1, then 5: does E still fall?": (
        "逐步演示器：走完第 1–11 行；先设 η = 1，再设为 5：E 还会下降吗？"
    ),
    "Discussion 1: the factor 1/4.": "讨论 1：因子 1/4。",
    "梯度检验: finite differences, then autograd, on the same numbers.": (
        "梯度检验：在同一组数上先用有限差分，再用自动微分。"
    ),
    "Two classic bugs: which rows fail?": "两个经典错误：哪几行没有通过？",
    "Discussion 2: where the check points.": "讨论 2：检验结果指向哪里。",
    "XOR, then spirals: look at the three decision regions.": "先做异或（XOR），再做螺旋：看三个决策区域。",
    "计算图: the tiny engine's table and graph.": "计算图：微型引擎的表格和图。",
    "Discussion 3: a number seen before.": "讨论 3：一个以前见过的数。",
    "NNLM backward by hand vs torch: all match.": "NNLM 的反向传播，手写与 torch 对比：全部一致。",
    "output_delta and hidden_delta: derive on paper first.": "output_delta 和 hidden_delta：先在纸上推导。",
    "σ'(z) is at most 1/4. What happens to an error signal that passes back through ten sigmoid layers with "
    "weights of about 1?": ("σ'(z) 最大为 1/4。一个误差信号反向穿过十个权重约为 1 的 sigmoid 层，会发生什么？"),
    "Each layer multiplies it by σ' ≤ 1/4 (times the weights), so after ten layers at most (1/4)^10 ≈ 10⁻⁶ is "
    "left: the gradient vanishes. Notebook 05 measures the same geometric decay in RNNs.": (
        "每经过一层，它就要乘以 σ' ≤ 1/4（再乘以权重），所以经过十层后至多剩下 (1/4)^10 ≈ 10⁻⁶：梯度消失了。第 05 "
        "节在 RNN 中测量了同样的几何衰减。"
    ),
    "With either bug, V and b_y fail the check while W and b_o pass. Why, and what does np.allclose say about a "
    "[1, 64] gradient against a [64] one?": (
        "无论是哪个错误，V 和 b_y 都通不过检验，而 W 和 b_o 能通过。为什么？把形状为 [1, 64] 的梯度与形状为 [64] "
        "的梯度相比，np.allclose 会怎么说？"
    ),
    "Both bugs live in δ^y, the hidden layer's error, so only the hidden layer's gradients are wrong: the table "
    "says where to look. np.allclose broadcasts the shapes and says True; the course's checker compares shape and "
    "dtype first and refuses.": (
        "两个错误都出在隐藏层的误差 δ^y 上，所以只有隐藏层的梯度是错的：表格告诉我们该往哪里找。np.allclose "
        "会广播两个形状，然后给出 True；本课程的检查器先比较形状和 dtype，于是拒绝通过。"
    ),
    "The tiny engine gives w1 the gradient 0.0277. Where did this number appear before?": (
        "微型引擎给出 w1 的梯度为 0.0277。这个数以前在哪里出现过？"
    ),
    "In the stepper's line 7, ∂E/∂W = [[0.0277], [0.027]]: eq. (4.6) for w11. The engine, which only applies the "
    "chain rule (4.12) backwards over the graph, and the hand derivation agree.": (
        "在逐步演示器的第 7 行，∂E/∂W = [[0.0277], [0.027]]：即式 (4.6) 对 w11 的结果。"
        "这个引擎只是沿计算图反向应用链式法则 (4.12)，它与手工推导的结果一致。"
    ),
    # --- notebook 05 --------------------------------------------------------------------------------------------------
    "中文导读 aloud: RNN, 梯度消失与梯度爆炸.": "朗读中文导读：RNN、梯度消失与梯度爆炸。",
    "Eq. (5.1) equals torch.nn.RNN; BPTT passes the gradient check.": (
        "式 (5.1) 与 torch.nn.RNN 的结果相同；BPTT 通过梯度检验。"
    ),
    "Eq. (5.5) on the board: a product of T − t Jacobians.": "在白板上写出式 (5.5)：T − t 个雅可比矩阵的乘积。",
    "Measured rate vs ρ: 0.8 … 1.2, and ρ = 1.2 with inputs of size 1.": (
        "测得的速率与 ρ 对照：0.8 … 1.2，以及输入大小为 1 时的 ρ = 1.2。"
    ),
    "Move ρ over 0.9, 1.0, 1.1; then input size 0.1 → 1: watch the slope.": (
        "把 ρ 依次调到 0.9、1.0、1.1；再把输入大小从 0.1 调到 1：观察斜率。"
    ),
    "Discussion 1: ρ = 1.2 that vanishes.": "讨论 1：ρ = 1.2，梯度却消失了。",
    "RNN h vs LSTM c: forget-gate bias 0, 1, 3.": "RNN 的 h 与 LSTM 的 c 对比：遗忘门偏置取 0、1、3。",
    "梯度裁剪: the two training curves; truncated BPTT.": "梯度裁剪：两条训练曲线；截断 BPTT。",
    "Discussion 2: larger gradients, yet it converges.": "讨论 2：梯度更大，却收敛了。",
    "Remember the first token: lengths 5, 10, 20, 40.": "记住第一个词元：长度 5、10、20、40。",
    "Discussion 3: what the gate buys.": "讨论 3：门控带来了什么。",
    "PTB: RNN 100, LSTM 84, KN 71; then the full-size records.": (
        "PTB：RNN 100，LSTM 84，KN 71；然后看完整规模实验的运行记录。"
    ),
    "中文: one table of perplexities, read per 字.": "中文：一张困惑度表，按字来读。",
    "bptt_step and clip_global.": "bptt_step 和 clip_global。",
    "With ρ = 1.2 and inputs of size 1 the measured rate is 0.74: the gradient vanishes although σ_max > 1. Why?": (
        "ρ = 1.2、输入大小为 1 时，测得的速率为 0.74：尽管 σ_max > 1，梯度仍然消失了。为什么？"
    ),
    "Large inputs saturate tanh, so 1 − h² < 1 and the bound's γ is well below 1; the product σ_max·γ falls below "
    "1. σ_max > 1/γ is necessary for explosion, not sufficient (Pascanu et al.).": (
        "大的输入使 tanh 饱和，于是 1 − h² < 1，上界中的 γ 远小于 1；乘积 σ_max·γ 也就小于 1。σ_max > 1/γ "
        "是梯度爆炸的必要条件，而不是充分条件（Pascanu 等人）。"
    ),
    "The clipped run meets even larger gradients (norm 20 against 8) yet ends with loss 0.00, while the unclipped "
    "run ends at 3.70. How?": (
        "做了裁剪的那次训练遇到的梯度更大（范数 20 对 8），最终损失却是 0.00，而没有裁剪的那次最终停在 3.70。"
        "这是怎么回事？"
    ),
    "Clipping keeps the direction and caps the step at η·c = 2. Without it a few huge steps throw W_hh off a "
    "cliff: its largest singular value grows from 1.2 to 16.1, every unit saturates. Clipping makes steps safe, "
    "not gradients small, and cannot lengthen a vanishing one.": (
        "裁剪保留梯度的方向，把步长限制在 η·c = 2 以内。没有裁剪，几个巨大的步长就把 W_hh 甩下了悬崖："
        "它的最大奇异值从 1.2 增长到 16.1，每个单元都饱和了。裁剪让每一步变得安全，而不是让梯度变小；"
        "它也无法让一个正在消失的梯度变长。"
    ),
    "At length 10 the RNN is at 0.50 and the LSTM at 1.00; at length 40 both are at chance (0.27). What does the "
    "LSTM's gate buy?": (
        "长度为 10 时，RNN 得 0.50，LSTM 得 1.00；长度为 40 时，两者都只有随机水平（0.27）。LSTM 的门控带来了什么？"
    ),
    "A path along the cell state c_t whose decay the network controls: one step back multiplies the gradient by "
    "the forget gate f_t, so keeping f_t near 1 lets the error travel far (the course starts every LSTM with its "
    "forget gate open, bias 1). Gating slows the decay, it does not abolish it: with the same 600-step budget, "
    "length 40 is too far.": (
        "一条沿细胞状态 c_t 的通路，其衰减由网络自己控制：每往回走一步，梯度就乘以遗忘门 f_t，所以让 f_t 保持在 1 "
        "附近，误差就能传得很远（本课程的每个 LSTM 开始时遗忘门都是打开的，偏置为 1）。门控减缓了衰减，"
        "但并没有消除它：在同样 600 步的训练预算下，长度 40 还是太远了。"
    ),
    # --- notebook 06 --------------------------------------------------------------------------------------------------
    "中文导读 aloud: 词义 = 背景单词的语义.": "朗读中文导读：词义 = 背景单词的语义。",
    "One-hot cosines are 0: cat is as far from dog as from inflation.": (
        "独热向量之间的余弦都是 0：cat 离 dog 和离 inflation 一样远。"
    ),
    "Simple CBOW: [2,1,3]·[1,2,1] = 7; then the full softmax on 1,445 words.": (
        "简单 CBOW：[2,1,3]·[1,2,1] = 7；然后在 1,445 个词上做完整的 softmax。"
    ),
    "负采样 (6.5) and its gradient (6.8): prediction minus label.": "负采样 (6.5) 及其梯度 (6.8)：预测值减去标签。",
    "Noise slider: power 0, 0.75, 1; watch 'the' and the rarest words.": (
        "噪声分布滑块：幂次取 0、0.75、1；观察“the”和最罕见的词。"
    ),
    "Discussion 1: why the power 0.75?": "讨论 1：为什么取 0.75 次幂？",
    "下采样: 'the' is kept 15 % of the time.": "下采样：“the”只有 15 % 的时候被保留。",
    "One epoch each, ours beside gensim.": "各训练一轮，我们的实现与 gensim 并排比较。",
    "Neighbours, the PCA figure, then the scores and their coverage.": "近邻、PCA 图，然后是各项得分及其覆盖率。",
    "Try 'monday', 'president', then 'monday : tuesday :: friday'.": (
        "试试“monday”“president”，再试“monday : tuesday :: friday”。"
    ),
    "Discussion 2: analogies below 1 %.": "讨论 2：词类比准确率不到 1 %。",
    "CBOW or skip-gram: the record with three seeds; words per second.": (
        "CBOW 还是跳字模型：三个随机种子的运行记录；每秒处理的词数。"
    ),
    "Discussion 3: does the notes' claim hold?": "讨论 3：读书笔记的说法成立吗？",
    "中文词向量: 北京's neighbours; the three analogies.": "中文词向量：北京 的近邻；三个词类比。",
    "Try '北京 : 中国 :: 东京', then '春节' and '香港'.": "试试“北京 : 中国 :: 东京”，再试“春节”和“香港”。",
    "ns_grad_h and keep_prob.": "ns_grad_h 和 keep_prob。",
    "勘误 aloud: Mikolov's advice is the opposite of the notes.": "朗读勘误：Mikolov 的建议与读书笔记正好相反。",
    "With power 0.75, 'the' is 5.7 % of the text but only 1.8 % of the noise, and the rarest words go from 1.1e-06 "
    "to 5.3e-06. Why flatten the distribution?": (
        "取 0.75 次幂时，“the”占文本的 5.7 %，在噪声词中却只占 1.8 %，而最罕见的词从 1.1e-06 升到 5.3e-06。"
        "为什么要把分布压平？"
    ),
    "Drawn by raw frequency, the noise words would almost always be the, <unk>, N, of, and most output vectors "
    "would rarely be pushed away from anything. The power 0.75 draws frequent words less and rare words more often "
    "than their share, so more words get negative updates.": (
        "如果按原始频率抽取，噪声词几乎总是 the、<unk>、N、of，大多数输出向量很少会被推离任何词。取 0.75 次幂后，"
        "高频词被抽到的次数少于其份额，低频词则多于其份额，于是更多的词得到负样本更新。"
    ),
    "After one epoch the analogy accuracy is below 1 % and only 23.4 % of the questions are covered. Is the "
    "implementation broken?": ("训练一轮之后，词类比准确率不到 1 %，而且只覆盖了 23.4 % 的题目。是实现有错吗？"),
    "No: gensim with the same settings scores the same (3CosAdd 0.006 for both skip-grams). One epoch on 0.9M "
    "words is far too little, and PTB's 10,000 lower-cased words with numbers as N cover only 23.4 % of the "
    "questions. Section 7 compares properly: five epochs, three seeds.": (
        "没有错：同样设置下的 gensim 得分相同（两个跳字模型的 3CosAdd 都是 0.006）。在 0.9M 个词上只训练一轮远远不够，"
        "而 PTB 的 10,000 个词全部小写、数字一律记作 N，只能覆盖 23.4 % 的题目。第 7 小节才做了像样的比较：训练五轮，"
        "三个随机种子。"
    ),
    "The notes say CBOW suits small data and skip-gram large corpora. What does the measurement say?": (
        "读书笔记说 CBOW 适合小数据，跳字模型适合大语料。测量结果怎么说？"
    ),
    "On all of PTB CBOW is ahead on WS-353 and analogies for both implementations; on an eighth of PTB every "
    "difference is within the seeds' spread, so nothing is decided. CBOW is also about 2.6 times faster (392,819 "
    "against 149,686 words/s): one example per centre word against one per pair. Mikolov's own advice says nearly "
    "the opposite of the notes (errata).": (
        "在整个 PTB 上，两种实现都是 CBOW 在 WS-353 和词类比上领先；在 PTB 的八分之一上，"
        "所有差异都在随机种子造成的波动范围之内，所以分不出高下。CBOW 还快约 2.6 倍（每秒 392,819 词对 149,686 词）："
        "CBOW 每个中心词产生一个训练样本，跳字模型则每个词对产生一个。Mikolov 本人的建议几乎与读书笔记相反（见勘误）。"
    ),
    # --- notebook 07 --------------------------------------------------------------------------------------------------
    "中文导读 aloud: 计数 vs 预测.": "朗读中文导读：计数与预测。",
    "共现矩阵: the notes' three sentences; which windows give I–cat = 1?": (
        "共现矩阵：读书笔记中的三个句子；哪些窗口使 I–cat = 1？"
    ),
    "SVD (7.5): the error equals the dropped σ; on the plot eat and fish sit together.": (
        "SVD (7.5)：误差等于被舍去的 σ；在图上 eat 和 fish 挨在一起。"
    ),
    "PTB: 98 % zeros; money's contexts by raw count.": "PTB：98 % 的元素为零；按原始计数看 money 的上下文。",
    "PPMI (7.2): money's contexts again.": "PPMI (7.2)：再看 money 的上下文。",
    "Discussion 1: the, <unk>, to vs laundering.": "讨论 1：the、<unk>、to 与 laundering。",
    "Truncated SVD of PPMI: neighbours and the spectrum figure.": "对 PPMI 做截断奇异值分解：近邻和奇异值谱图。",
    "The cubic cost: the log-log timing figure.": "立方代价：双对数坐标下的计时图。",
    "Discussion 2: O(n³) in 3 seconds?": "讨论 2：O(n³) 只要 3 秒？",
    "The shared evaluation: weighting, rank, p.": "统一的评测：加权方式、秩、p。",
    "Window 2 vs 5, raw vs ppmi, rank 10 vs 100; query 'money', then 'monday'.": (
        "窗口 2 对比 5，raw 对比 ppmi，秩 10 对比 100；查询“money”，再查询“monday”。"
    ),
    "中文上的计数: PPMI-SVD vs word2vec on wordsim-240.": "中文上的计数：在 wordsim-240 上比较 PPMI-SVD 与 word2vec。",
    "Discussion 3: counting wins on small corpora.": "讨论 3：在小语料上计数方法胜出。",
    "ppmi and rank_k_error.": "ppmi 和 rank_k_error。",
    "By raw count money's top contexts are the, <unk>, to, of; by PPMI laundering, managers, lent. What changed?": (
        "按原始计数，money 最常见的上下文是 the、<unk>、to、of；按 PPMI 则是 laundering、managers、lent。变的是什么？"
    ),
    "PMI (7.2) divides a pair's probability by what independence would give, P(i)P(j). The most frequent words "
    "co-occur with everything by chance, so they score near or below 0 and PPMI clips them (it keeps 1,588,845 of "
    "the 1,893,185 non-zeros); pairs seen more often than chance remain.": (
        "点互信息 (7.2) 用两个词相互独立时应有的概率 P(i)P(j) 去除这对词的概率。最高频的词和什么词都会偶然共现，"
        "所以它们的得分接近或低于 0，被 PPMI 截掉（1,893,185 个非零元素中保留了 1,588,845 个）；"
        "留下的是共现次数多于偶然水平的词对。"
    ),
    "The notes warn that an SVD costs O(n³), yet the truncated SVD of all 9,858 words takes 2.86 s. Why?": (
        "读书笔记提醒，SVD 的代价是 O(n³)，可是对全部 9,858 个词做截断 SVD 只用了 2.86 秒。为什么？"
    ),
    "O(n³) is the full SVD of a dense matrix. Truncated (ARPACK) and randomised SVD only multiply the sparse "
    "matrix by a few vectors, so for a fixed rank they grow with the number of non-zeros. The randomised one is "
    "approximate where the spectrum is flat: σ₁₀₀ 77.5 against 80.1.": (
        "O(n³) 是对稠密矩阵做完整 SVD 的代价。截断 SVD（ARPACK）和随机化 SVD 只需把稀疏矩阵与少数几个向量相乘，"
        "所以在秩固定时，代价随非零元素的个数增长。随机化方法在奇异值谱平坦的地方只是近似：σ₁₀₀ 为 77.5 对 80.1。"
    ),
    "On People's Daily PPMI-SVD scores 0.483 on wordsim-240 and skip-gram 0.222. Why does counting win here?": (
        "在《人民日报》语料上，PPMI-SVD 在 wordsim-240 上得 0.483，跳字模型只得 0.222。为什么这里计数方法胜出？"
    ),
    "On about a million words the PPMI matrix uses every co-occurrence exactly once, while word2vec's sampled "
    "updates need far more text to settle (its ± columns show the spread between seeds). That the families are "
    "close (Levy et al. 2015) is a statement about large corpora.": (
        "在约一百万词的语料上，PPMI 矩阵恰好把每一次共现都用上一次，而 word2vec "
        "的采样更新需要多得多的文本才能稳定下来（它的 ± 列给出了不同随机种子之间的波动）。两类方法效果相近（Levy "
        "等人，2015），说的是大语料上的情形。"
    ),
    # --- notebook 08 --------------------------------------------------------------------------------------------------
    "中文导读 aloud: 共现概率的比值.": "朗读中文导读：共现概率的比值。",
    "ice/steam are too rare in PTB (nan); stock/bond instead.": "ice/steam 在 PTB 中太罕见（nan）；改用 stock/bond。",
    "Ratio explorer: add probes 'bonds', 'prices'; try i = 'buy', j = 'sell'.": (
        "比值探索器：添加探测词“bonds”“prices”；试试 i = “buy”，j = “sell”。"
    ),
    "Discussion 1: two ratios near 1.": "讨论 1：两个接近 1 的比值。",
    "From ratios to the objective, step by step on the board; the f(x) figure.": (
        "在白板上一步一步地从比值推导出目标函数；f(x) 的图像。"
    ),
    "Discussion 2: median weight 0.014.": "讨论 2：权重的中位数 0.014。",
    "AdaGrad, 8 epochs (20 s); right panel: frequent pairs on the diagonal.": (
        "AdaGrad，训练 8 轮（20 秒）；右图：高频词对落在对角线上。"
    ),
    "三方对比: GloVe, PPMI-SVD, word2vec; then the 50-epoch record.": (
        "三方对比：GloVe、PPMI-SVD、word2vec；然后看训练 50 轮的运行记录。"
    ),
    "'money' in three models; then 'monday' and 'president'.": "在三个模型中查“money”；再查“monday”和“president”。",
    "Discussion 3: is the notes' claim wrong?": "讨论 3：读书笔记的说法错了吗？",
    "中文上的 GloVe: the same order on People's Daily.": "中文上的 GloVe：在《人民日报》语料上排序相同。",
    "glove_weight and glove_grad_w.": "glove_weight 和 glove_grad_w。",
    "P(market|stock)/P(market|bond) is 1.05 and the ratio for week is 0.95. Both are near 1 but for opposite "
    "reasons. Which, and why do ratios matter?": (
        "P(market|stock)/P(market|bond) 为 1.05，week 的比值为 0.95。两者都接近 1，原因却相反。各是什么原因？"
        "比值又为什么重要？"
    ),
    "market goes with both stock and bond, week with neither; either way the ratio cancels to about 1. Only ratios "
    "far from 1 tell the two words apart (exchange 229, yield 0.03), and the raw probabilities are all small and "
    "hard to read: that is why GloVe builds its objective from ratios.": (
        "market 与 stock 和 bond 都常搭配，week 则与两者都不相干；无论哪种情况，比值都约去成 1 左右。只有远离 1 "
        "的比值才能把两个词区分开（exchange 为 229，yield 为 0.03），而原始概率都很小，不易看出规律：这正是 GloVe "
        "用比值构造目标函数的原因。"
    ),
    "Only 0.11 % of PTB's non-zero entries reach full weight, and the median weight is 0.014. What does the "
    "weighting f do on a small corpus?": (
        "PTB 的非零元素中只有 0.11 % 达到满权重，权重的中位数是 0.014。在小语料上，权重函数 f 起了什么作用？"
    ),
    "f(x) = (x/x_max)^0.75 below x_max = 100: on 0.9M words almost every pair is rare, so most of the evidence "
    "gets a weight near 0. GloVe then learns 2 × 100 numbers per word from little weighted evidence, which is why "
    "it trails PPMI-SVD here.": (
        "x 小于 x_max = 100 时 f(x) = (x/x_max)^0.75：在 0.9M 个词上几乎每个词对都很罕见，所以大部分证据的权重都接近 "
        "0。于是 GloVe 只能从很少的加权证据中为每个词学习 2 × 100 个数，这就是它在这里落后于 PPMI-SVD 的原因。"
    ),
    "The notes say GloVe combines the advantages of both families, yet on PTB GloVe (8 epochs) scores WS-353 ρ "
    "0.10 and PPMI-SVD on the same counts 0.34. Is the claim wrong?": (
        "读书笔记说 GloVe 兼具两类方法的优点，可是在 PTB 上，GloVe（训练 8 轮）在 WS-353 上的 ρ 为 0.10，而 PPMI-SVD "
        "在同样的计数上为 0.34。这个说法错了吗？"
    ),
    "It is a design goal, not a result on every corpus: the paper's advantages were measured on billions of words. "
    "On 0.9M words PPMI-SVD uses all the counts, and even the 50-epoch GloVe trails it (errata 1); the same holds "
    "on People's Daily.": (
        "这是设计目标，而不是在每个语料上都成立的结果：论文中的优势是在数十亿词上测得的。在 0.9M 个词上，PPMI-SVD "
        "用上了全部计数，连训练 50 轮的 GloVe 也落后于它（勘误 1）；在《人民日报》语料上也是如此。"
    ),
    # --- notebook 09 --------------------------------------------------------------------------------------------------
    "中文导读 aloud: 静态 vs 上下文词向量.": "朗读中文导读：静态词向量与上下文词向量。",
    "may the month vs may the modal: read the examples aloud.": "作月份讲的 may 与作情态动词的 may：朗读例句。",
    "The model: character CNN (9.1), biLM (9.2), two layers.": "模型：字符卷积 (9.1)、双向语言模型 biLM (9.2)、两层。",
    "A tiny biLM; the pretrained one; change the last word.": "一个很小的 biLM；预训练好的 biLM；改动最后一个词。",
    "Discussion 1: forward change 0.0000.": "讨论 1：前向的变化为 0.0000。",
    "困惑度 beside the earlier chapters.": "困惑度，与前面各节并列比较。",
    "Discussion 2: a worse language model, a better vector.": "讨论 2：语言模型更差，向量却更好。",
    "The heatmap: layer 0 is one yellow square; layers 1–2 two blocks.": (
        "热力图：第 0 层是一整块黄色方块；第 1–2 层分成两块。"
    ),
    "'the company may sell the unit' vs 'prices fell in may', word 'may'.": (
        "“the company may sell the unit”对比“prices fell in may”，看词“may”。"
    ),
    "探针: one POS probe per layer, then static vectors; the bar chart.": (
        "探针：每层一个词性标注探针，再对静态词向量做同样的探测；看柱状图。"
    ),
    "Discussion 3: 0.712 < 0.770 < 0.837.": "讨论 3：0.712 < 0.770 < 0.837。",
    "中文 ELMo: 地 and 上, each with two senses.": "中文 ELMo：地 和 上，各有两种意思。",
    "Discussion 4: 土地 vs 认真地.": "讨论 4：土地 与 认真地。",
    "scalar_mix and the padding exercise.": "scalar_mix 和填充练习。",
    "勘误 aloud: the layer weights are not attention; the biLM is frozen.": (
        "朗读勘误：层权重不是注意力；biLM 是冻结的。"
    ),
    "Changing the last word of 'the company may sell the unit in may' moves only the backward states of the "
    "earlier words; every forward change is 0.0000. Why must it be so?": (
        "改动“the company may sell the unit in may”的最后一个词，只有前面各词的后向状态会变；前向的变化全都是 0.0000。"
        "为什么必然如此？"
    ),
    "The forward LM predicts the next word from the words before it; if its state at word k depended on later "
    "words it would see the answer. The backward LM is the mirror image. The unit tests check both directions at "
    "every position.": (
        "前向语言模型根据前面的词预测下一个词；如果它在第 k 个词处的状态依赖于后面的词，它就会看到答案。"
        "后向语言模型正好是它的镜像。单元测试在每个位置上检查了两个方向。"
    ),
    "The biLM's test perplexity (150.4 forward, 151.3 backward) is worse than Kneser-Ney's 141.2. Why use it?": (
        "biLM 的测试集困惑度（前向 150.4，后向 151.3）比 Kneser-Ney 平滑的 141.2 还差。为什么还要用它？"
    ),
    "It starts every sentence from a blank state (notebook 05's LSTM carries its state over: 115.8), it was "
    "trained for five epochs and its validation perplexity was still falling (166 → 157). ELMo is judged by its "
    "vectors, not by its perplexity.": (
        "它的每个句子都从空白状态开始（第 05 节的 LSTM 会把状态延续下去：115.8），只训练了五轮，"
        "而且验证集困惑度还在下降（166 → 157）。评判 ELMo 看的是它的向量，而不是它的困惑度。"
    ),
    "The POS probe scores 0.712 on static PPMI-SVD vectors, 0.770 on ELMo's layer 0 and 0.837/0.838 on layers 1 "
    "and 2. What does each of the two gaps say?": (
        "词性探针在静态的 PPMI-SVD 向量上得 0.712，在 ELMo 的第 0 层上得 0.770，在第 1 层和第 2 层上得 0.837/0.838。"
        "这两段差距各说明了什么？"
    ),
    "Layer 0 sees only the word's characters, yet beats static vectors: spelling (-ly, -ed, -tion) says a lot "
    "about part of speech, and it covers words PTB never had. The LSTM layers add about 7 points: words such as "
    "may, like, that need their sentence to be tagged.": (
        "第 0 层只看到词的字符，却胜过静态词向量：拼写（-ly、-ed、-tion）很能说明词性，而且它还能覆盖 PTB "
        "里从未有过的词。LSTM 层又提高了约 7 个百分点：像 may、like、that 这样的词，要看所在的句子才能标注词性。"
    ),
    "For 地 (particle vs noun) and 上 (localiser vs verb) layer 0 scores 0.494, layers 1–2 between 0.86 and 0.91. "
    "Why can't layer 0 tell 土地 from 认真地?": (
        "对于 地（助词还是名词）和 上（方位词还是动词），第 0 层得 0.494，第 1–2 层在 0.86 到 0.91 之间。为什么第 0 "
        "层分不清 土地 和 认真地？"
    ),
    "Layer 0 is built from the word's characters alone: one spelling, one vector, so it is at chance (as static "
    "vectors are). The LSTM layers read the sentence, the same lesson as may in section 4.": (
        "第 0 层只由词的字符构造：一种写法，一个向量，所以它只有随机水平（和静态词向量一样）。LSTM 层读了整个句子，"
        "这与第 4 小节中 may 的例子是同一个道理。"
    ),
    # --- notebook 10 --------------------------------------------------------------------------------------------------
    "中文导读 aloud: SLM → NLM → PLM → LLM.": "朗读中文导读：SLM → NLM → PLM → LLM。",
    "语言模型的阶梯: every model of the course on one figure.": "语言模型的阶梯：本课程的每个模型都在同一张图上。",
    "Discussion 1: which step was biggest?": "讨论 1：哪一级台阶最大？",
    "Eq. (10.1) on the board; the causal mask by hand.": "在白板上写出式 (10.1)；手工构造因果掩码。",
    "The trained Transformer: 115.2 vs the LSTM's 115.8.": "训练好的 Transformer：115.2，LSTM 为 115.8。",
    "Attention explorer: layer 1 vs 2; try 'the stock market fell and the bond market rose'.": (
        "注意力探索器：第 1 层对比第 2 层；试试“the stock market fell and the bond market rose”。"
    ),
    "Discussion 2: only 0.5 % ahead.": "讨论 2：只领先 0.5 %。",
    "规模: the fitted power law and its floor.": "规模：拟合出的幂律及其下限。",
    "Induction heads; knowledge prompts; context length.": "归纳头；知识类提示；上下文长度。",
    "Discussion 3: what one word of context buys.": "讨论 3：多一个词的上下文能带来什么。",
    "causal_mask, attention, block_parameters.": "causal_mask、attention、block_parameters。",
    "小结 aloud; §6 (timeline) and 勘误 at home.": "朗读小结；§6（时间线）和勘误留到课后。",
    "On the ladder the unsmoothed 5-gram is at ∞, add-one at 6,580, Kneser-Ney at 141.2, the LSTM at 115.8 and the "
    "Transformer at 115.2. Which step was biggest?": (
        "在阶梯图上，未平滑的 5 元语法模型位于 ∞，加一平滑位于 6,580，Kneser-Ney 平滑位于 141.2，LSTM 位于 115.8，"
        "Transformer 位于 115.2。哪一级台阶最大？"
    ),
    "Smoothing: it turns an infinite perplexity into 141.2, the level every later model is measured against. The "
    "neural models then gain by generalising over similar words (NNLM + KN5 125.6, LSTM 115.8); the Transformer "
    "only just passes the LSTM at this scale.": (
        "平滑：它把无穷大的困惑度变成 141.2，此后的每个模型都以这个水平为基准。"
        "神经网络模型随后通过在相似的词之间泛化取得进步（NNLM + KN5 为 125.6，LSTM 为 115.8）；在这个规模上，"
        "Transformer 只是勉强超过 LSTM。"
    ),
    "The Transformer beats the LSTM by only 0.5 % (115.2 vs 115.8). Why not more?": (
        "Transformer 只比 LSTM 好 0.5 %（115.2 对 115.8）。为什么没有好得更多？"
    ),
    "Under a million words and the LSTM's size: a recurrent network builds in a preference for recent words, which "
    "a Transformer must learn from examples, and its validation curve was still falling when its six epochs ran "
    "out. Its advantages (parallel training, direct access to long context) pay at scale.": (
        "语料不到一百万词，模型与 LSTM 一样大：循环神经网络天生偏向最近的词，而 Transformer 必须从样本中学会这种偏好；"
        "而且六轮训练结束时，它的验证集曲线还在下降。它的优势（并行训练、直接访问长上下文）要在大规模下才能显现。"
    ),
    "With 1 token of context the validation perplexity is 218, with 4 tokens 136, with 64 tokens 112. What does "
    "that say about n-gram models?": (
        "上下文为 1 个词元时，验证集困惑度为 218，4 个词元时为 136，64 个词元时为 112。这对 n 元语法模型说明了什么？"
    ),
    "Most of the gain comes from the first few words, the range an n-gram model also covers; the rest (136 → 112) "
    "comes from longer history that an n-gram model cannot use. Large models read thousands of tokens of context, "
    "which is where multi-turn use and in-context learning live.": (
        "大部分收益来自最前面的几个词，这也是 n 元语法模型能覆盖的范围；其余部分（136 → 112）来自 n "
        "元语法模型无法利用的更长历史。大模型能读入成千上万个词元的上下文，多轮对话和上下文学习正是在这里发挥作用的。"
    ),
    "§6 (the LLM timeline, a figure to read at leisure) and the errata are home reading.": (
        "§6（大语言模型的时间线，一张可以慢慢看的图）和勘误留作课后阅读。"
    ),
}
