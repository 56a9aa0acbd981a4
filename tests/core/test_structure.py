"""Tests for annotator.pdf.structure: which lines open a passage, and how long paragraphs split.

The lines are real: most are copied from the seed texts in ../shared/corpus/seeds (000 Q&A
minutes, 001 opinion list, 002 meeting material, 003 meeting summary, 004 slide deck) or from
real minutes quoted in the brief; a few negatives are seed sentences with a marker put in
front, to show that a title word later in the line does not make a speaker.
"""

from __future__ import annotations

import itertools

import pytest

from annotator.pdf.structure import (
    BULLET,
    HEADING,
    ITEM,
    NONE,
    NOTE,
    SPEAKER_HEADING,
    SPEECH,
    LineStart,
    classify,
    ends_sentence,
    is_speaker,
    split_sentences,
)

# --- classify -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "speaker"),
    [
        ("【荒見委員】", "荒見委員"),  # 000
        ("【市川会長】", "市川会長"),  # 000
        ("【山本委員長】", "山本委員長"),  # 000
        ("【回答】", "回答"),  # 000
        ("【質問】", "質問"),
        ("【事務局説明】", "事務局説明"),  # 003: the secretariat's turn
        ("【座長】", "座長"),  # 003 uses it over the attendee list; minutes over a turn
        ("【山田 太郎委員】", "山田 太郎委員"),
        ("【厚生労働省】", "厚生労働省"),
        ("○市川会長", "市川会長"),  # a tag on its own line, the speech follows
        # council minutes: ◎ the chair, ◆ members, ○ officials; the name as printed
        ("◎委員長（平山たかお）", "委員長（平山たかお）"),
        ("◆委員（山本ひとし）", "委員（山本ひとし）"),
        ("○議長（大島理森君）", "議長（大島理森君）"),  # the Diet
        ("委員長（平山たかお）", "委員長（平山たかお）"),  # a name line without a mark
    ],
)
def test_speaker_headings(line: str, speaker: str) -> None:
    assert classify(line) == LineStart(SPEAKER_HEADING, speaker, len(line))


@pytest.mark.parametrize(
    ("line", "speaker", "body"),
    [
        (
            "〇河野大臣： ただいまから、第４回「デジタル社会推進会議」を開催いたします。",
            "河野大臣",
            "ただいまから、",
        ),
        ("○東会長　それでは、ただいまから総会を開会いたします。", "東会長", "それでは、"),
        ("○東会長 それでは", "東会長", "それでは"),
        ("○東会長\u00a0それでは", "東会長", "それでは"),
        ("◯山田 太郎委員：ありがとうございます。", "山田 太郎委員", "ありがとう"),
        ("〇山田　太郎委員：はい。", "山田　太郎委員", "はい。"),
        ("○河野国務大臣（デジタル大臣）　皆さん、", "河野国務大臣", "皆さん、"),
        ("○田中委員「地域のことは都道府県が一番わかっている」", "田中委員", "「地域"),
        ("○事務局　資料１について説明します。", "事務局", "資料１"),
        ("○回答　ご指摘のとおりです。", "回答", "ご指摘"),
        ("○山田委員　はい。", "山田委員", "はい"),
        ("○東会長　では、次の議題に移ります。", "東会長", "では"),
        ("○𠮷田委員　それでは", "𠮷田委員", "それでは"),
        ("河野大臣：ただいまから", "河野大臣", "ただいまから"),
        ("問：保健所の体制はどうか。", "問", "保健所"),
        ("【回答】資料 P.24につきまして", "回答", "資料 P.24"),
        ("【荒見委員】 ○ 資料 P.24では", "荒見委員", "○ 資料"),
        ("◎委員長（平山たかお）　ただいまから委員会を開会します。", "委員長（平山たかお）",
         "ただいま"),
        ("◆委員（山本ひとし）質問します。", "委員（山本ひとし）", "質問"),
        ("○産業観光局長（中村一郎）　お答えします。", "産業観光局長（中村一郎）", "お答え"),
        ("◇山田太郎君　質問いたします。", "山田太郎君", "質問"),
        ("◆経済産業省（令和５年度）　予算", "経済産業省", "予算"),  # a date is no name
    ],
)
def test_speech_lines(line: str, speaker: str, body: str) -> None:
    found = classify(line)
    assert (found.kind, found.speaker) == (SPEECH, speaker)
    assert line[found.body_start:].startswith(body)


def test_speech_offsets_count_code_points_outside_the_bmp() -> None:
    # ○ 𠮷 田 委 員 　 = six code points, whatever UTF-16 would say
    assert classify("○𠮷田委員　それでは").body_start == 6


@pytest.mark.parametrize(
    ("line", "body"),
    [
        # ○ then a space and text: a question in Q&A minutes (000), not a speaker
        ("○ 資料 P.24ではコロナ以外・通常医療との両立を含めて地域の医療機関間の", "資料"),
        # title words later in the sentence do not make a speaker
        ("○ 内閣官房の資料 P.10に、指定都市市長会の要請で都道府県知事の権限を", "内閣官房"),
        ("○ 太田先生の 1 つ目の質問の回答で、情報共有について法令上根拠規定を", "太田先生"),
        ("○保健所の常勤職員の増員については、保健所において感染症対応業務に従事する", "保健所"),
        ("○小委員会でも宮崎審議官が「地域のことは都道府県が一番わかっている」旨の", "小委員会"),
        ("○委員ご指摘のとおり、今後検討してまいります。", "委員ご指摘"),
        ("○事務局より説明があった。", "事務局より"),
        ("○総務省 において検討する。", "総務省"),  # a space the extractor put in
        ("○国会議員 からの要望", "国会議員"),
        # 003: meeting data and remarks under ○
        ("○開催日時： 令和2年11月30日（月）12:00～14:00", "開催日時"),
        ("○出席者", "出席者"),
        ("○デジタル人材は基本的には行政職員で養成すべきだが、", "デジタル人材"),
        ("○民間企業の社員がデジタル人材を担う場合は、広域化を見据えて、", "民間企業"),
        ("○【検討項目1】目指す姿（基本哲学）", "【検討項目1】"),  # 002
        ("○「基本方針（案（α版））」", "「基本方針"),  # 002
        ("・ 各都道府県においては、地域医療構想において、2025 年に向けた平時の", "各都道府県"),
        ("・個別システムが標準化されても、業務間連携は定義されない", "個別システム"),  # 004
        ("･半角の中黒", "半角"),
        ("- 第1に、デジタルを活用した規制・制度改革について、", "第1に"),  # 002
        ("- 1 開会", "1 開会"),  # 003
        ("- (1) 行政手続のオンライン化について", "(1)"),  # 003
        ("－ 全角のハイフン", "全角"),
        ("– en dash", "en dash"),
        ("◆デジタル基盤改革支援補助金（自治体オンライン手続推進事業）", "デジタル基盤"),  # 004
        ("●連携サーバ、FW設置費用、その他周辺機器改修", "連携サーバ"),  # 004
        ("● LGWANとマイナンバー利用事務系との接続に係る改修作業費用", "LGWAN"),  # 004
        ("✅ エグゼクティブ・アドバイザー", "エグゼクティブ"),  # 004
        ("■ 事業概要", "事業概要"),
        ("□ 未対応", "未対応"),
        ("◇補助率", "補助率"),
        ("▶ 次のページ", "次の"),
        ("► 参照", "参照"),
        ("➢ 標準化の対象", "標準化"),
        ("✓ 完了", "完了"),
        ("\uf06c 標準化", "標準化"),  # Wingdings bullets from PowerPoint PDFs
        ("\uf06eガバメントクラウド", "ガバメント"),
        ("\uf0a7 データ連携", "データ"),
        ("\uf0d8人材確保", "人材"),
        ("\uf0fc 財源", "財源"),
        ("〇 令和４年度の取組", "令和"),
        ("◆重点施策（令和５年度）", "重点施策"),
        ("◎市長の施政方針について", "市長の"),
    ],
)
def test_bullets(line: str, body: str) -> None:
    found = classify(line)
    assert (found.kind, found.speaker) == (BULLET, None)
    assert line[found.body_start:].startswith(body)


@pytest.mark.parametrize(
    ("line", "body"),
    [
        ("① 医療が税金や社会保険料で支えられている重要な公共インフラであると考えると、非", "医療"),
        ("①既存の民間オンライン申請システムとの連携", "既存"),  # 004
        ("⑤ 特に住所コードについては国が整備する「町字マスターデータ」を使用すること", "特に"),
        ("⑳ 二十番目", "二十"),
        ("⑴ 括弧付き数字", "括弧"),
        ("（１）デジタル人材のマッチング制度の導入", "デジタル人材"),  # 004
        ("（３） 「必要な給付が迅速に行われる」取り組みの実施と自治体の負担軽減", "「必要"),
        ("（７） ✅2021.11 埼玉県 川越市（教育委員会） が新規加入", "✅"),  # 004
        ("(1) 行政手続のオンライン化について", "行政手続"),
        ("(１) 全角数字", "全角"),
        ("（1）半角数字", "半角"),
        ("（12）二桁", "二桁"),
        ("（ア）都道府県の役割", "都道府県"),
        ("(イ) 市町村の役割", "市町村"),
        ("（ｳ）半角カナ", "半角カナ"),
        ("(a) first", "first"),
        ("（Ａ）全角英字", "全角英字"),
        ("(ii) 二番目", "二番目"),
        ("（一）総論", "総論"),
        ("ア．国の役割", "国の"),
        ("イ. 地方の役割", "地方"),
        ("ア　国は、地方公共団体に対し、", "国は"),
        ("１．厚生労働省", "厚生労働省"),  # 000
        ("1. デジタル社会に必要な共通機能の整備・普及", "デジタル社会"),  # 004
        ("2. 現状の20業務の標準化やガバメントクラウド移行の取組について課題がある", "現状"),
        ("10.十番目", "十番目"),
        ("1) 概要", "概要"),
        ("１）全角の括弧", "全角"),
        ("a. 概要", "概要"),
        ("ｂ． 全角", "全角"),
        ("第３条　この法律において", "この法律"),
        ("第十二条の二（定義）", "（定義）"),
        ("１　国は、地方公共団体に対し、必要な財政上の措置を講ずる。", "国は"),
    ],
)
def test_items(line: str, body: str) -> None:
    found = classify(line)
    assert (found.kind, found.speaker) == (ITEM, None)
    assert line[found.body_start:].startswith(body)


@pytest.mark.parametrize(
    ("line", "body_start"),
    [
        # bracketed as a whole: the line is the heading
        ("（デジタル分野に関する国・地方関係に関する意見）", 0),  # 001
        ("（標準化、共通化にあたっての適正性の確保など地方の意見反映に関する意見）", 0),  # 001
        ("(行政手続のオンライン化について)", 0),  # 003
        ("〔保健所対応業務の整理について〕", 0),  # 000
        ("〔資料 P.15、16について〕", 0),  # 000
        ("【検討項目1-1】", 0),
        ("【資料1】", 0),
        ("【現状】", 0),  # 004
        ("【構成員】", 0),  # 003: a bare collective title heads the attendee list
        ("【幹事】", 0),
        ("【行政手続のオンライン化について】", 0),  # 003
        ("【デジタル庁におけるリリース時の不具合の事例】", 0),  # 004
        ("＜総務省補足＞", 0),  # 000
        ("<検討すべき項目>", 0),  # 002
        ("《参考資料》", 0),
        ("≪概要≫", 0),
        ("（①②併せて回答）", 0),  # 000
        # a label, then a title
        ("【検討項目1-1】国・地方デジタル共通基盤の整備・運用を通じて目指す行政の姿", 9),  # 002
        ("【検討項目1】目指す姿（基本哲学）", 7),  # 002
        ("【提言・提案事項】 制度 財源", 10),  # 004, with the tags in the margin
        ("（参考）地方公共団体における先進事例", 4),  # 000
        # chapters and numbered section titles
        ("第１章　総則", 4),
        ("第1節 概要", 4),
        ("第２ 総則", 3),
        ("第一　趣旨", 3),
        ("1 開催日時", 2),
        ("１ 開催日時", 2),
        ("１　開催日時", 2),
        ("２ 標準システムの導入に向けた提言", 2),  # 004
        ("１ 国民にとって真に利便性の高いサービスの実現に向けた提言", 2),  # 004
        ("３ 個々の手続・サービスが一貫してデジタルで完結する", 2),  # 004
    ],
)
def test_headings(line: str, body_start: int) -> None:
    assert classify(line) == LineStart(HEADING, None, body_start)


def test_bracket_label_before_a_sentence_is_an_item_to_code() -> None:
    line = (
        "【補助対象経費】マイナポータルと地方公共団体の基幹システムのオンライン接続に"
        "要する経費が対象となります。"
    )
    assert classify(line) == LineStart(ITEM, None, 8)


@pytest.mark.parametrize(
    ("line", "body"),
    [
        ("（※）", ""),
        ("※", ""),
        ("※五十音順", "五十音順"),  # 000
        ("※自治体の人口規模に応じて上限額を設定", "自治体"),  # 004
        ("※１原則、子育て・介護の全２６手続について、", "原則"),  # 004
        ("※ CSIRT：システムの健全性を監視する組織", "CSIRT"),
        ("（※）これを踏まえ、厚生労働省においては、通知を発出し、感染症法第 44条の", "これを"),
        ("（※背景補足）厚労省や内閣官房の説明でも、現場の声をいかに反映するかは重要と考", "厚労省"),
        ("(※1) 出典：総務省", "出典"),
        ("注1) 出典：総務省資料", "出典"),
        ("注１）全角", "全角"),
        ("注：数値は速報値", "数値"),
        ("（注）令和４年度末時点", "令和"),
        ("(注2) 概算", "概算"),
        ("＊1 概数", "概数"),
        ("[1] 総務省「自治体DX推進計画」", "総務省"),
    ],
)
def test_notes(line: str, body: str) -> None:
    found = classify(line)
    assert (found.kind, found.speaker) == (NOTE, None)
    assert line[found.body_start:].startswith(body)
    assert found.body_start == len(line) or body


@pytest.mark.parametrize(
    "line",
    [
        "",
        "　 ",
        # ordinary wrapped lines
        "資料 P.24につきまして",  # 000
        "１パラについて。情報通信技術を活用した行政の推進等に関する法律（平成 14年法",  # 000
        "３第６項の規定に基づく連携を行っていただくようお願いしております。",  # 000
        "「国・地方通じたDX推進」",  # 002
        # a line opening with （ that goes on as a sentence
        "（※）で示した事務は、保健所設置市・特別区が独自に行使できます。",
        "（※）。",  # 000: the end of a sentence that carries the mark
        "(※)はオンライン参加",  # 003: the legend refers to the mark
        "（補助金など）を工夫することや、他省庁と厚生労働省の協力で自治体におろすリソース",
        "（人材、財政面等）の支援について、省庁の枠を取り払って行うほうが、量としても大き",
        "（例えば、地域共生社会施策などで、補助金の縦割りをなくし使い勝手をよくした事例など",
        "（特に団体からの声を想定しているが）長らく続く手段に加え、上記課題を補う手段も",
        "（例えば地制調にもマイナンバーカードのコピーをお送りしている話をしましたが），具",
        "（字体も同一にする。）する。」と記載されているため、外字を作成する必要がある。",
        "（情報共有が必要なのにできない阻害要因を考えることが重要である。）",
        # numbers that are no markers
        "1.5倍に増加した。",
        "１．５倍に増加した。",
        "2021.4 施行",
        "20 業務も自治体独自の政策につながる情報を扱うものが多く含まれている。標準化され",
        "4月5日（金） 第1回 準備会合",  # 002
        "22",  # 004: a page number
        "2デジタル庁 組織体制",  # 004: a page number glued to a title, unrecoverable
        "第4回デジタル行財政改革会議（2/22）における総理指示（抜粋）",  # 002
        "第1に、デジタルを活用した規制・制度改革について",
        "第２章の規定により",
        "第1 回 準備会合",
        "p. 23 にあるような大都市圏における広域対応",
        "-1",
        "－１",
        # ー is a long vowel mark: a katakana word wrapped after its first letter
        "ータベースとして整備されるだけでなく、①新型コロナ感染症の経験をふまえた適正規模",
        "ーの強化等、保健所のみに頼らずに対応できる体制の構築を自治体に働きかけてきた",
        "ーニングをして、その家庭に支援、例えば勉強できる機会がなどと、保護者にプッシュ型",
        # an ellipsis wrapped to the start of a line, a masked name, a word starting with 注
        "・・・・国際問題に発展の可能性",
        "〇〇市では、独自の取組を行っている。",
        "注意し、再発防止に努める」とコメントしている。",
    ],
)
def test_lines_that_start_nothing(line: str) -> None:
    assert classify(line) == LineStart(NONE, None, 0)


@pytest.mark.parametrize(
    ("line", "kind", "body_start"),
    [
        ("   【回答】", SPEAKER_HEADING, 7),
        ("  ・ 各都道府県においては、", BULLET, 4),
        ("\u3000①\u3000医療が", ITEM, 3),
        ("  感染症予防事務については、", NONE, 0),
    ],
)
def test_leading_whitespace_keeps_offsets_in_the_line(
    line: str, kind: str, body_start: int
) -> None:
    found = classify(line)
    assert (found.kind, found.body_start) == (kind, body_start)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("荒見委員", True),
        ("市川会長", True),
        ("河野大臣", True),
        ("回答", True),
        ("質問1", True),
        (" 回答 ", True),
        ("事務局", True),
        ("総務省自治行政局長", True),
        ("検討項目1-1", False),
        ("資料1", False),
        ("構成員", False),
        ("現状", False),
        ("行政手続のオンライン化について", False),
        ("保健所の常勤職員の増員については委員", False),
        ("デジタルトランスフォーメーション推進委員", False),  # too long for a name
    ],
)
def test_is_speaker(name: str, expected: bool) -> None:
    assert is_speaker(name) is expected


# --- ends_sentence --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("ております。", True),  # 000
        ("があるのではないか。）", True),  # 000
        ("病院のキャパシティを増やしていく方が早いようにも思われる）。", True),  # 000
        ("ょうか？", True),
        ("を開催いたします。」", True),
        ("との指摘がございました。 ", True),
        ("との指摘がございました。\u3000", True),
        ("である．", True),
        ("大変重要です！", True),
        ("○開催日時：", True),
        ("以下のとおり:", True),
        ("という考え方もある。』）", True),
        ("資料 P.24では役割分担が明", False),  # 000: wrapped mid-word
        ("めるとともに、こうした役割分担等を踏まえつつ、", False),  # 000
        ("（※）", False),
        ("稼働率は99.5", False),
        ("", False),
    ],
)
def test_ends_sentence(line: str, expected: bool) -> None:
    assert ends_sentence(line) is expected


# --- split_sentences ------------------------------------------------------------------------

# Sentences of one answer in the Q&A minutes (seed 000), unwrapped.
ANSWER = (
    "その上で、こうした保健所の体制強化等に加えて、資料 P.29でお示ししているとおり、"
    "感染拡大により、検査の目詰まりへの対応や病床の確保等の対応が必要な緊急事態においては、"
    "国・地方間での迅速・統一的な情報の共有や、都道府県と保健所設置市・特別区との間で情報共有を"
    "円滑に行うことは、重要であると考えております。",
    "感染症法上の権限主体は、専門性・広域性を要するため、原則として都道府県及び保健所設置市・"
    "特別区が担うこととされており、都道府県と保健所設置市・特別区は並列に扱われています。",
    "このため、入院勧告や自宅療養・宿泊療養の要請等の権限は保健所設置市・特別区が当該管内に"
    "おいて独自に行使できます。",
    "ただし、入院の総合調整や宿泊療養施設の確保など、都道府県が域内全体で調整機能を発揮すべき"
    "であって、保健所設置市・特別区が独自に行った場合に、かえって全体として適切、効率的な運営が"
    "難しい業務については、都道府県知事のみの権限としております。",
    "これらの権限は、今般の新型コロナウイルス感染症対策を契機に昨年の２月の法改正により設けた"
    "ものです。",
    "また、国との関係についても、保健所設置市・特別区は、都道府県と並列関係にあり、医師の届出や"
    "積極的疫学調査の報告を直接国に行うこととしております。",
    "また、国においては、感染症法第 61条第２項及び第３項に基づき、直接、保健所設置市・特別区が"
    "支弁した費用について、その一部を負担しております。",
    "具体的には、都道府県には、プライバシー等を配慮して、市町村ごとの新型コロナウイルス感染症の"
    "感染状況等に関する情報を保有しているものの、当該情報を公表していない自治体もあり、住民への"
    "十分な情報公表や注意喚起を行えていないとの指摘もございました。",
    "また、市町村ごとの感染状況等に関する情報を公表していない都道府県内の市町村において、住民から"
    "当該都道府県内のどの地域で感染者が発生したかについての問合せがあった場合に、当該市町村では"
    "当該情報を保有していないため、主体的に相談対応を行いたい一般市町村にとって、情報共有が足りず"
    "相談対応を行えないとの指摘がございました。",
    "なお、非平時において地方公共団体間の役割分担の見直しが緊急に必要となる場合が想定されるか、"
    "また、そうした事態においてはどのような枠組みや対応が必要か等につきましては、今後行う検証作業"
    "等の結果も踏まえ、引き続き検討してまいります。",
    "感染拡大とともに保健所に過大な業務負担が発生し積極的疫学調査等の感染拡大防止に係る対策が"
    "十分に実施できない等、保健所保健師等の専門職が不足した場合の自治体間の応援派遣を実施する"
    "仕組み（応援派遣活動要領）を構築したところであり、これまでの感染拡大の状況において、必要に"
    "応じて活用されてきたところです。",
    "厚生労働省としては、引き続き、自治体の声も伺いながら、自治体における人員体制の強化や業務の"
    "効率化等の取組に関する支援に努めることとしております。",
)


def _ends_of(spans: list[tuple[int, int]]) -> list[int]:
    return [end for _, end in spans[:-1]]


def _assert_tiles(text: str, spans: list[tuple[int, int]]) -> None:
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    assert "".join(text[start:end] for start, end in spans) == text


def test_a_short_paragraph_stays_whole() -> None:
    text = "".join(ANSWER[:3])
    assert 250 < len(text) <= 500
    assert split_sentences(text) == [(0, len(text))]


def test_a_paragraph_at_the_limit_stays_whole() -> None:
    text = "あ。" * 250
    assert split_sentences(text) == [(0, 500)]


def test_a_long_paragraph_splits_at_sentence_ends_into_target_sized_spans() -> None:
    text = "".join(ANSWER)
    assert len(text) > 1_200
    spans = split_sentences(text)
    _assert_tiles(text, spans)
    assert 4 <= len(spans) <= 5
    assert all(text[end - 1] == "。" for end in _ends_of(spans))
    longest_sentence = max(len(sentence) for sentence in ANSWER)
    assert all(250 <= end - start < 250 + longest_sentence for start, end in spans[:-1])
    # greedy: each span is the shortest run of whole sentences that reaches the target
    sentence_ends = {sum(len(s) for s in ANSWER[: i + 1]) for i in range(len(ANSWER))}
    assert set(_ends_of(spans)) <= sentence_ends
    first = next(i for i in range(len(ANSWER)) if len("".join(ANSWER[: i + 1])) >= 250)
    assert text[: spans[0][1]] == "".join(ANSWER[: first + 1])


def test_whitespace_between_sentences_stays_with_the_sentence_before() -> None:
    text = "\n".join(ANSWER) + "\n"
    spans = split_sentences(text)
    _assert_tiles(text, spans)
    assert all(not text[start].isspace() for start, _ in spans)
    assert all(text[end - 2:end] == "。\n" for end in _ends_of(spans))


def test_no_cut_inside_a_quotation() -> None:
    quote = "「" + ANSWER[2] + ANSWER[3] + "」"
    text = ANSWER[0] + ANSWER[1] + "なお、" + quote + "との指摘があった。" + "".join(ANSWER[4:8])
    start = text.index("「")
    end = text.index("」") + 1
    # a greedy cut ignoring the quote would fall after its first sentence
    assert len(ANSWER[0] + ANSWER[1] + "なお、「" + ANSWER[2]) >= 250
    spans = split_sentences(text)
    _assert_tiles(text, spans)
    assert len(spans) >= 2
    assert all(not start < cut < end for cut in _ends_of(spans))
    # nor right after 」 while the sentence goes on (…」との指摘があった。)
    assert end not in _ends_of(spans)


def test_no_cut_inside_parentheses() -> None:
    aside = "（" + ANSWER[2] + ANSWER[4] + "）"
    text = ANSWER[0] + ANSWER[1] + aside + "".join(ANSWER[5:9])
    start, end = text.index("（" + ANSWER[2][:5]), text.index("）" + ANSWER[5][:5]) + 1
    spans = split_sentences(text)
    _assert_tiles(text, spans)
    assert all(not start < cut < end for cut in _ends_of(spans))


def test_an_over_long_quotation_is_split_inside_after_all() -> None:
    text = "「" + "".join(ANSWER) + "」と述べた。"
    spans = split_sentences(text)
    _assert_tiles(text, spans)
    assert len(spans) >= 4
    assert all(end - start <= 500 for start, end in spans)


def test_exclamation_and_question_marks_end_sentences() -> None:
    sentence = "保健所の体制は十分か？" + "国として支援すべきである！" + "引き続き検討する。"
    text = sentence * 30
    spans = split_sentences(text, limit=100, target=40)
    _assert_tiles(text, spans)
    assert all(text[end - 1] in "？！。" for end in _ends_of(spans))


def test_a_short_tail_joins_the_span_before() -> None:
    text = "".join(ANSWER[:8]) + "以上です。"
    spans = split_sentences(text)
    _assert_tiles(text, spans)
    assert text[spans[-1][0]:].endswith(ANSWER[7] + "以上です。")


def test_text_without_sentence_ends_is_not_split() -> None:
    text = "標準化" * 300
    assert split_sentences(text) == [(0, len(text))]


def test_offsets_are_code_points_outside_the_bmp() -> None:
    text = ("𠮷野家で人材育成を行った。" * 60)
    spans = split_sentences(text)
    _assert_tiles(text, spans)
    assert all(text[end - 1] == "。" for end in _ends_of(spans))
