"""Word lists of the ingest rules: reporting verbs by speech act, and the words around them.

Every word is kept in its normalised form (``word_key``), so diacritics, hamza forms and
tatweel do not hide a verb. Add a verb form here, not in the rules.
"""

from __future__ import annotations

from claimdb.text.normalize import normalize


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
    " أوضحوا يوضح توضح لفت لفتت زعم زعمت زعموا يزعم تزعم حذر حذرت حذروا يحذر تحذر",
    ("denies", "verb"): "نفى نفت نفوا ينفي تنفي",
    ("demands", "verb"): "طالب طالبت طالبوا يطالب تطالب يطالبون دعا دعت دعوا يدعو تدعو",
    ("accuses", "verb"): "اتهم اتهمت اتهموا يتهم تتهم",
    ("asserts", "express"): "أعرب أعربت أعربوا يعرب تعرب أبدى أبدت أبدوا يبدي تبدي",
    ("asserts", "publish"): "نشر نشرت نشروا أصدر أصدرت أصدروا",
    ("asserts", "part"): "مشيرا مشيرة مضيفا مضيفة مؤكدا مؤكدة مشددا مشددة موضحا موضحة لافتا"
    " لافتة محذرا محذرة معتبرا معتبرة قائلا قائلة بالقول",
    ("asserts", "and"): "وأن وأنه وأنها وأنهم",
    ("asserts", "according"): "بحسب حسب نقلا",
    ("denies", "part"): "نافيا نافية",
    ("demands", "part"): "داعيا داعية مطالبا",
    ("accuses", "part"): "متهما متهمة",
}
EN_WORDS = {
    ("asserts", "verb"): "say says said announce announces announced stress stresses stressed"
    " add adds added noted claim claimed insist insists insisted tell tells told stated confirm"
    " confirms confirmed declare declares declared reported argue argues argued allege alleged"
    " warn warns warned reiterate reiterated explain explained",
    ("denies", "verb"): "deny denies denied reject rejects rejected",
    ("demands", "verb"): "demand demanded urge urges urged",
    ("accuses", "verb"): "accuse accuses accused",
    ("asserts", "express"): "express expresses expressed voice voiced",
    ("demands", "call"): "call calls called",
    ("asserts", "according"): "according",
    ("asserts", "part"): "adding noting saying stressing insisting warning claiming",
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
    " رئيس الأمين المبعوث المندوب الملك الأمير الشيخ الوزير الوزيرة"
)
AR_ROLES = word_set("المسؤول المسؤولة الوزير الوزيرة المتحدث المتحدثة الناطق البيان الجنرال السفير")
AR_KANA = word_set("كان وكان كانت وكانت")
AR_PREP = word_set("في من إلى على عن مع ل")
EN_LEAD = word_set("on in at meanwhile however earlier later separately yesterday today also for")
EN_CUT = word_set(
    "on also has have had was were is are would will again earlier later yesterday today then"
    " previously repeatedly reportedly in last this who which that did does not publicly once"
)
EN_CONJ = word_set("and but while whereas although though as")
EN_DET = word_set("the a an its his her their our this these those")
EN_SPOKES = word_set("spokesman spokeswoman spokesperson")
EN_TITLES = word_set(
    "general gen minister president mr mrs ms dr ambassador colonel envoy secretary"
)
EN_ROLES = word_set("official minister spokesman spokeswoman spokesperson statement general")
EN_ROLES |= word_set("diplomat ambassador envoy officer commander he she it they")
PRONOUNS = word_set("he she it they")
INTRO = word_set("أن إن بأن قائلا قائلة بالقول that")
