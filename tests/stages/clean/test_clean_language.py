"""The language check: English passes, other languages and scripts are refused with a reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventledger.errors import LanguageError
from eventledger.model import Document
from eventledger.settings import Settings, load_settings
from eventledger.stages.clean import clean_document, detect_english

# Written for these tests: everyday paragraphs, a couple of sentences each.
FRENCH = ("Le conseil municipal s'est réuni hier soir pour discuter du budget de l'année prochaine. "
          "Plusieurs habitants ont demandé que la bibliothèque reste ouverte le dimanche, et le maire a "
          "promis d'étudier cette proposition avant la fin du mois.")
ARABIC = ("اجتمع مجلس المدينة مساء أمس لمناقشة ميزانية العام المقبل. وطالب عدد من السكان بإبقاء المكتبة "
          "العامة مفتوحة يوم الأحد، ووعد رئيس البلدية بدراسة هذا الاقتراح قبل نهاية الشهر.")
RUSSIAN = ("Вчера вечером городской совет собрался, чтобы обсудить бюджет на следующий год. Несколько "
           "жителей попросили оставить библиотеку открытой по воскресеньям, и мэр пообещал рассмотреть это "
           "предложение до конца месяца.")
SPANISH = ("El ayuntamiento se reunió anoche para hablar del presupuesto del próximo año. Varios "
           "vecinos pidieron que la biblioteca siga abierta los domingos y el alcalde prometió estudiar "
           "la propuesta.")


def _doc(body: str, language: str | None = None) -> Document:
    return Document(doc_id="sha256:test", source_id="article.txt", raw=body, body=body, language=language)


@pytest.mark.parametrize(("text", "script"), [(FRENCH, None), (SPANISH, None), (ARABIC, "Arabic"),
                                              (RUSSIAN, "Cyrillic")])
def test_clean_language_other_languages_are_refused(settings: Settings, text: str,
                                                    script: str | None) -> None:
    doc = _doc(text)
    with pytest.raises(LanguageError, match="article.txt: not English") as info:
        clean_document(doc, settings)
    assert info.value.code == "E206"
    if script:
        assert f"mostly {script} script" in str(info.value)
    assert not doc.is_clean


def test_clean_language_english_passes_and_is_set(settings: Settings, centcom: list[str]) -> None:
    doc = clean_document(_doc("\n".join(centcom)), settings)
    assert doc.language == "en" and doc.text == "\n".join(centcom)


def test_clean_language_english_with_a_quoted_foreign_sentence_passes(settings: Settings,
                                                                      centcom: list[str]) -> None:
    quoted = f"The statement closed with a line in French: “{FRENCH.split('. ')[0]}.”"
    doc = clean_document(_doc("\n".join([*centcom, quoted])), settings)
    assert doc.language == "en"


def test_clean_language_short_texts_count_as_english_unless_another_script(settings: Settings,
                                                                           centcom: list[str]) -> None:
    assert detect_english(centcom[0]).language == "en"  # 13 words: too short to judge by words
    assert detect_english("Le maire a promis une réponse.").language == "en"
    short_arabic = ARABIC.split(".")[0]
    assert len(short_arabic.split()) < 15
    with pytest.raises(LanguageError):
        clean_document(_doc(short_arabic), settings)


def test_clean_language_declared_language_is_respected(settings: Settings, centcom: list[str]) -> None:
    with pytest.raises(LanguageError, match="declares language 'fr'"):
        clean_document(_doc("\n".join(centcom), language="fr"), settings)
    with pytest.raises(LanguageError, match="declared English but does not read as English"):
        clean_document(_doc(FRENCH, language="en"), settings)
    assert clean_document(_doc("\n".join(centcom), language="en"), settings).language == "en"


def test_clean_language_other_accepted_languages(centcom: list[str]) -> None:
    settings = load_settings(overrides={"clean.languages": ["en", "fr"]}, environ={})
    declared = clean_document(_doc(FRENCH, language="fr"), settings)
    assert declared.language == "fr"
    unknown = clean_document(_doc(FRENCH), settings)
    assert unknown.language is None and any("language not detected" in w for w in unknown.warnings)
    only_french = load_settings(overrides={"clean.languages": ["fr"]}, environ={})
    with pytest.raises(LanguageError, match="English, which is not in clean.languages"):
        clean_document(_doc("\n".join(centcom)), only_french)


@pytest.mark.shared
def test_clean_language_every_eval_document_reads_as_english(shared: Path) -> None:
    shares = []
    for name in ("centcom", "fakes-dev", "isaf-dev", "geovirus", "wikiwars", "plover-gsr"):
        for line in (shared / "eval" / name / "docs.jsonl").read_text(encoding="utf-8").split("\n"):
            if line.strip():
                guess = detect_english(json.loads(line)["text"])
                assert guess.language == "en", (name, guess)
                if guess.words >= 15:
                    shares.append(guess.function_share)
    assert len(shares) > 1000 and min(shares) > 0.15  # a margin over the 0.11 threshold
