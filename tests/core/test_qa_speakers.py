"""Q&A minutes: a ○ question after an answer is the questioner's again."""

from __future__ import annotations

from annotator.pdf.extract import extract
from annotator.pdf.reader import PdfFile
from tests.support.pdf_factory import make_pdf

MINUTES = "\n".join([
    "【荒見委員】",
    "○ 資料P.24について伺いたい。",
    "【回答】",
    "・ 各都道府県においては役割分担を決めております。",
    "○ 内閣官房の資料P.10についても伺いたい。",
    "【回答】",
    "・ 情報提供を行っております。",
    "出典は https://www.digital.go.jp/news/2022020",
    "4_news を参照。",
])


def test_follow_up_question_goes_back_to_the_questioner() -> None:
    with PdfFile(make_pdf([MINUTES], fontsize=10.5)) as pdf:
        doc = extract(pdf.pages())
    passages = [(p.kind, p.speaker, doc.text[p.start:p.end]) for p in doc.passages]
    assert passages[:7] == [
        ("speaker", "荒見委員", "【荒見委員】"),
        ("bullet", "荒見委員", "○ 資料P.24について伺いたい。"),
        ("speaker", "回答", "【回答】"),
        ("bullet", "回答", "・ 各都道府県においては役割分担を決めております。"),
        ("bullet", "荒見委員", "○ 内閣官房の資料P.10についても伺いたい。"),
        ("speaker", "回答", "【回答】"),
        ("bullet", "回答", "・ 情報提供を行っております。"),
    ]
    assert "https://www.digital.go.jp/news/20220204_news" in doc.text  # a URL is not split
