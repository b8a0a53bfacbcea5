"""Word lists of the ingest rules: reporting verbs by speech act, and the words around them.

Every word is kept in its normalised form (``word_key``), so diacritics, hamza forms and
tatweel do not hide a verb. Add a verb form here, not in the rules.
"""

from __future__ import annotations

from claimdb.text.matching import normalize


def word_key(word: str) -> str:
    return normalize(word).replace(" ", "")


def word_set(words: str) -> frozenset[str]:
    return frozenset(word_key(w) for w in words.split())


# kind: "verb" (finite), "part" (participle: continuation by the same speaker),
# "express" (أعرب/expressed: concern when قلق/concern follows), "publish" (نشر بيانا),
# "call" (called on/for), "according" (according to X).
AR_WORDS = {
    ("asserts", "verb"): "أعلن أعلنت أعلنوا يعلن تعلن قال قالت قالوا يقول تقول يقولون أكد أكدت"
    " أكدوا يؤكد تؤكد يؤكدون أشار أشارت أشاروا يشير تشير أفاد أفادت أفادوا يفيد تفيد أضاف"
    " أضافت أضافوا يضيف تضيف صرح صرحت صرحوا يصرح تصرح جدد جددت جددوا يجدد تجدد شدد شددت"
    " شددوا يشدد تشدد اعتبر اعتبرت اعتبروا يعتبر تعتبر ذكر ذكرت ذكروا يذكر تذكر أوضح أوضحت"
    " أوضحوا يوضح توضح لفت لفتت زعم زعمت زعموا يزعم تزعم وصف وصفت وصفوا يصف تصف أشاد أشادت"
    " أشادوا يشيد تشيد ادعى ادعت ادعوا يدعي تدعي كشف كشفت يكشف تكشف هدد هددت يهدد تهدد",
    ("concern", "verb"): "حذر حذرت حذروا يحذر تحذر يحذرون أدان أدانت أدانوا يدين تدين استنكر"
    " استنكرت يستنكر تستنكر",
    ("accuses", "verb"): "اتهم اتهمت اتهموا يتهم تتهم انتقد انتقدت انتقدوا ينتقد تنتقد هاجم"
    " هاجمت يهاجم تهاجم",
    ("denies", "verb"): "نفى نفت نفوا ينفي تنفي رفض رفضت رفضوا يرفض ترفض",
    ("demands", "verb"): "طالب طالبت طالبوا يطالب تطالب يطالبون دعا دعت دعوا يدعو تدعو نصح"
    " نصحت ينصح تنصح حث حثت يحث تحث ناشد ناشدت يناشد تناشد",
    ("asserts", "express"): "أعرب أعربت أعربوا يعرب تعرب أبدى أبدت أبدوا يبدي تبدي عبر عبرت"
    " عبروا يعبر تعبر",
    ("asserts", "publish"): "نشر نشرت نشروا أصدر أصدرت أصدروا",
    ("asserts", "part"): "مشيرا مشيرة مضيفا مضيفة مؤكدا مؤكدة مشددا مشددة موضحا موضحة لافتا"
    " لافتة معتبرا معتبرة قائلا قائلة بالقول",
    ("concern", "part"): "محذرا محذرة",
    ("asserts", "and"): "وأن وأنه وأنها وأنهم",
    ("asserts", "according"): "بحسب حسب نقلا",
    ("denies", "part"): "نافيا نافية",
    ("demands", "part"): "داعيا داعية مطالبا",
    ("accuses", "part"): "متهما متهمة منتقدا منتقدة",
}
EN_WORDS = {
    ("asserts", "verb"): "say says said announce announces announced stress stresses stressed"
    " add adds added noted claim claimed insist insists insisted tell tells told stated confirm"
    " confirms confirmed declare declares declared reported argue argues argued"
    " reiterate reiterated explain explained states commented maintains"
    " maintained claims described describes highlights highlighted praised acknowledged"
    " admitted",
    ("concern", "verb"): "warn warns warned condemn condemns condemned",
    ("denies", "verb"): "deny denies denied reject rejects rejected dismiss dismisses dismissed",
    ("demands", "verb"): "demand demanded urge urges urged advise advises advised",
    ("accuses", "verb"): "accuse accuses accused criticise criticises criticised criticize"
    " criticizes criticized attacked alleges alleged blamed",
    ("accuses", "hit"): "hit hits",
    ("asserts", "express"): "express expresses expressed voice voiced",
    ("demands", "call"): "call calls called",
    ("asserts", "according"): "according",
    ("asserts", "part"): "adding noting saying stressing insisting claiming",
    ("concern", "part"): "warning",
    ("denies", "part"): "denying",
    ("demands", "part"): "urging",
    ("accuses", "part"): "accusing",
}


def _lexicon(table: dict[tuple[str, str], str]) -> dict[str, tuple[str, str]]:
    return {w: key for key, words in table.items() for w in word_set(words)}


LEX = {"ar": _lexicon(AR_WORDS), "en": _lexicon(EN_WORDS)}
CONCERN = word_set("قلق القلق بقلق قلقه قلقها قلقهم قلقنا قلقا concern concerned concerns worried")
AR_STOP = word_set("أن إن بأن أنه أنها أنهم إنه إنها إنهم بأنه بأنها بأنهم إلى عن على بالقول لدى")
AR_STOP |= word_set("بيانا تصريحا تصريحات التأكيد عقب")
AR_DATE = word_set(
    "يوم أمس اليوم الليلة مساء صباح ظهر الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت"
    " يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر"
)
AR_EVENT = ("بيان", "تصريح", "مؤتمر", "حديث", "مقابل", "كلم", "لقاء", "اتصال", "رسال", "تغريد")
AR_EVENT += ("وقت", "ساعه", "اعقاب", "ختام", "نهايه", "بدايه", "مستهل", "حين")
AR_LEAD = word_set(
    "من جهة أخرى جهته جهتها جهتهم جانبه جانبها جانبهم ناحيته ناحيتها بدوره بدورها بدورهم في"
    " المقابل كما قد وقد أيضا بدوره ومن وفي"
)
AR_SPOKES = word_set("المتحدث المتحدثة الناطق الناطقة متحدث متحدثة ناطق ناطقة")
AR_TITLES = word_set(
    "الجنرال اللواء العميد العقيد الفريق المشير السفير الدكتور السيد السيدة وزير وزيرة الرئيس"
    " رئيس الأمين المبعوث المندوب الملك الأمير الشيخ الوزير الوزيرة الناشط الناشطة الممثل"
    " الممثلة المخرج الفنان الفنانة المغني الكاتب الصحفي الصحفية"
)
AR_ROLES = word_set("المسؤول المسؤولة الوزير الوزيرة المتحدث المتحدثة الناطق البيان الجنرال السفير")
AR_KANA = word_set("كان وكان كانت وكانت")
AR_PREP = word_set("في من إلى على عن مع ل")
EN_LEAD = word_set("on in at meanwhile however earlier later separately yesterday today also for")
EN_CUT = word_set(
    "on also has have had was were is are would will again earlier later yesterday today then"
    " previously repeatedly reportedly in last this who which that did does not publicly once"
)
EN_CUT |= word_set("monday tuesday wednesday thursday friday saturday sunday")
EN_CONJ = word_set("and but while whereas although though as")
EN_RELATIVE = word_set("who which whose whom")
EN_PREP = word_set("in on at during after before from with by")
EN_SUBORDINATE = word_set("which who when after because since if")
EN_DET = word_set("the a an its his her their our this these those")
EN_SPOKES = word_set("spokesman spokeswoman spokesperson")
EN_TITLES = word_set(
    "general gen minister president mr mrs ms dr ambassador colonel envoy secretary senator"
    " spokesman spokeswoman spokesperson chairman chief prosecutor governor mayor premier"
)
EN_ROLES = word_set("official minister spokesman spokeswoman spokesperson statement general")
EN_ROLES |= word_set("diplomat ambassador envoy officer commander he she it they")
PRONOUNS = word_set("he she it they")
INTRO = word_set("أن إن بأن قائلا قائلة بالقول that")
# the words that open a reported clause: its content starts after them
CONTENT_OPENERS = word_set("أن إن بأن أنه أنها أنهم إنه إنها إنهم بأنه بأنها بأنهم أنّ that")
# negation at the start of the reported content (a denial when it is about the speaker)
NEGATION = word_set("لا لن لم ليس ليست ما not no never n't")
SELF = word_set(
    "لديه لديها لديهم لدينا نحن we our us i my his her its their himself herself itself"
)
ADVERBIAL_EN = word_set(
    "in on at during to for yesterday today earlier later also last this on monday tuesday"
    " wednesday thursday friday saturday sunday publicly repeatedly reporters journalists"
)
# a denial when negated, an accusation otherwise ("was not responsible", «وراء الهجوم»)
RESPONSIBILITY = word_set(
    "responsible responsibility involved behind true truth correct accurate basis baseless"
    " مسؤول مسؤولة مسؤولية مسؤوليتها مسؤوليته صحة صحيح أساس علاقة تورط ضلوع وراء"
)
ACCUSATION = word_set(
    "responsible responsibility behind blame accusation accusations guilty مسؤول مسؤولة"
    " مسؤولية وراء اتهام اتهامات تهمة بتهمة ضالع متورط"
)
STATEMENT_HEADS = word_set("بيان statement")
DEMAND_OPENERS = word_set("يجب ينبغي على must should")
# the first word of a headline's topic before a colon ("الحرب في سوريا: ..."), not a speaker
AR_TOPICS = word_set(
    "الحرب حرب اختفاء الانتخابات انتخابات احتجاجات مظاهرات قضية أزمة الأزمة بالصور بالفيديو"
    " رسميا الصراع حادث هجوم مسيرات الضربات اتفاق تفجير عاجل فيديو شاهد حراك عن منذ في بعد"
    " خلال لليوم لأول اعتراف تقرير استطلاع مع"
)
# where the speaker of a headline ends before its colon: "ظريف ردا على نتنياهو:"
AR_SPEAKER_END = word_set("ردا من في عقب بعد مخاطبا قبل خلال أمام إلى لـ")
