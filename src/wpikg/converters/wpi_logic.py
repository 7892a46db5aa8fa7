"""Converter for MEXT's logic model of the WPI programme (``wpi-logic2021``, R3.4 / R2.4).

Slide by slide: the situation and problems, the logic model (input with the budget per fiscal
year, activity, output with per-centre averages per calendar year, outcomes, impact), the
programme outline (requirements, support scheme, centre list as of 令和2年4月, results with the
national benchmark), the programme committee (:mod:`.wpi_committee`), the follow-up cycle, the
results slides with the internationalization practices, the issues and responses, and the new
missions of 2020. Eras are converted with :func:`wpikg.dates.parse_era`, 億円 to exact yen.
"""

from __future__ import annotations

import re
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from wpikg import iris
from wpikg.amounts import comparator, percent, yen
from wpikg.converters import BuildContext, Conversion
from wpikg.converters.wpi_committee import read_committee
from wpikg.converters.wpi_common import (
    CENTER_ENTRY,
    PROGRAM,
    Figure,
    Ledger,
    People,
    add_dataset,
    add_observation,
    add_programme,
    add_selection,
    add_statement,
    as_of_literal,
    line_key,
    node,
    resolve_center,
)
from wpikg.converters.wpi_followup import read_follow_up
from wpikg.converters.wpi_programme import (
    COSTS,
    Rule,
    add_extension,
    add_rule,
    cohorts,
    read_requirements,
    read_scheme,
)
from wpikg.dates import EraDate, parse_era
from wpikg.errors import ConversionError
from wpikg.namespaces import KG, SCHEMA
from wpikg.organizations import Organization
from wpikg.provenance import add_document
from wpikg.sources import SourceDocument

BUDGET, INDICATORS = "wpi-budget", "wpi-indicators"
#: Stage headings of the logic model → ``kgv:logic-stage`` codes.
STAGES = {
    "現状把握・課題": "current-situation",
    "インプット": "input",
    "アクティビティ": "activity",
    "アウトプット": "output",
    "初期アウトカム": "initial-outcome",
    "今後の課題": "issue",
    "中期アウトカム": "medium-term-outcome",
    "長期アウトカム": "long-term-outcome",
    "インパクト": "impact",
    "背景・課題": "issue",
    "令和3年度予算のポイント": "plan",
}
#: The four missions of 2007 (printed ／-separated, line 50) → ``kgv:wpi-mission-2007`` codes.
MISSIONS_2007 = {
    "世界最高水準の研究": "world-top-level-research",
    "融合領域の創出": "interdisciplinary-research",
    "国際的な研究環境の実現": "international-research-environment",
    "研究組織の改革": "research-organization-reform",
}
#: The new missions of 2020 and their sub-items → ``kgv:wpi-mission-2020`` codes.
MISSIONS_2020 = {
    "世界を先導する卓越研究と国際的地位の確立": "world-leading-research",
    "世界最高水準の研究成果": "highest-level-results",
    "分野融合性と多様性による学問の最先端の開拓": "frontier-through-fusion",
    "国際的な研究環境と組織改革": "international-environment-and-reform",
    "研究力向上のための国際的頭脳循環の達成": "international-brain-circulation",
    "分野や組織を超えた能力向上": "capacity-beyond-boundaries",
    "効果的・積極的かつ機動的な組織運営": "agile-management",
    "次代を先導する価値創造": "value-creation",
    "基礎研究の社会的意義・価値": "social-value-of-basic-research",
    "次代の人材育成:高等教育段階からその後の職業人生まで": "next-generation-talent",
    "内製化を見据えた拠点運営、拠点形成後の持続的発展": "sustainable-center-management",
}
#: Internationalization practices (results slide ③) by a word of the bullet → ``kgv:practice``.
PRACTICES = {
    "Science誌": "ads-in-science-nature",
    "webサイト": "web-recruitment-system",
    "バイリンガル職員": "bilingual-staff",
    "英訳": "translated-notices",
    "日常生活の支援": "daily-life-support",
    "配偶者の就職": "spouse-employment-support",
    "高度外国人材ポイント制": "highly-skilled-professional-registration",
    "子女教育費": "children-education-allowance",
    "日本語教室": "japanese-language-classes",
}
_BLOCK = re.compile(r"【(?P<fy>\d{4})年度採択\s*(?P<n>\d+)拠点】")


def _yearly_support(amount_property: URIRef, amount: Decimal, years: str) -> dict[URIRef, Literal]:
    """An amount of yen per year (``amount_property``: schema:maxValue or schema:value) for a
    number of years, as a support condition states them."""
    return {
        amount_property: Literal(amount, datatype=XSD.decimal),
        KG.perPeriod: Literal("P1Y", datatype=XSD.duration),
        KG.supportDuration: Literal(f"P{years}Y", datatype=XSD.duration),
    }


def convert(doc: SourceDocument, ctx: BuildContext) -> Conversion:
    """Convert the whole document into ``graph/source/wpi-logic2021``."""
    g = Graph()
    add_document(g, doc)
    ledger = Ledger(doc, ctx, g)
    _LogicModel(ledger).run()
    return Conversion(doc, g, ledger.report())


class _LogicModel:
    """Walks the document slide by slide."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.g = ledger.g
        self.people = People(ledger)
        self.centers: dict[str, Organization] = {}
        self.cohorts: dict[str, int] = {}

    def run(self) -> None:
        ledger = self.ledger
        title = ledger.find(r"ロジックモデル1")
        prog = add_programme(ledger, [title])
        ledger.heading(title)
        add_dataset(ledger, BUDGET, "WPIの予算と支援拠点数", "WPI budget and centres supported")
        add_dataset(ledger, INDICATORS, "WPIの指標", "WPI indicators")
        self.situation(title)
        self.logic_model()
        self.outline()
        read_committee(ledger, ledger.find(r"^WPIプログラム委員会メンバー"), self.people)
        read_follow_up(ledger)
        self.results()
        self.issues_and_responses()
        self.new_missions(prog)

    # -- slide 1: situation and problems ------------------------------------------------------
    def situation(self, title: int) -> None:
        ledger = self.ledger
        end = ledger.find(r"ロジックモデル2")
        stage, figure = "current-situation", False
        for n in ledger.lines(title + 1, end):
            text = ledger.text(n)
            # a figure's title, then its notes (注, (注1), and the numbered notes under 注)
            figure = text.startswith("【図") or (figure and bool(re.match(r"注|\(注|\d\. ", text)))
            if text in STAGES:
                stage = STAGES[text]
                ledger.heading(n)
            elif figure:
                ledger.leave_out([n], "figures and their notes", _FIGURE)
            elif text.startswith("日本が国際頭脳循環の流れに出遅れている"):
                add_statement(ledger, n, "issue")
            elif text == "世界トップレベル研究拠点プログラム (WPI)":
                ledger.heading(n)
                stage = "purpose"
            else:
                add_statement(ledger, n, stage)
        ledger.heading(end)

    # -- slide 2: the logic model ---------------------------------------------------------------
    def logic_model(self) -> None:
        ledger = self.ledger
        start = ledger.find(r"ロジックモデル2")
        end = ledger.find(r"^背景・課題$", start)
        stage = "input"
        for n in ledger.pending(start + 1, end):
            text = ledger.text(n)
            if text in STAGES:
                stage = STAGES[text]
                ledger.heading(n)
            elif m := re.fullmatch(r"(?P<fy>\S+年度) (?P<amount>\d+億円) (?P<n>\d+)拠点支援", text):
                self.budget(n, m)
            elif text.startswith("【1 拠点当たり") or text.startswith("【拠点の外国人研究者割合"):
                self.output(n)
            elif text.startswith(("H19年度採択5拠点", "H19年度採択")):
                ledger.leave_out([n], "figures and their notes", _FIGURE)
            elif text.startswith("【") or not (
                ledger.raw(n).lstrip().startswith("-") or text.endswith("。")
            ):
                ledger.heading(n)  # 【topic】, stage descriptions (a paragraph is a statement)
            elif ledger.raw(n).startswith("- ") and ledger.raw(ledger.lines(n + 1)[0]).startswith(
                " - "
            ):
                ledger.heading(n)  # a bullet whose sub-bullets follow (支援内容, 現在までの拠点)
            else:
                self.logic_statement(n, stage, text)

    def logic_statement(self, n: int, stage: str, text: str) -> None:
        add_statement(self.ledger, n, stage)
        if stage == "input" and "4つのミッション" in text:
            self.missions_2007(n, text)
        elif text.startswith("研究機関における基礎研究分野の研究拠点構想に対し"):
            self.annual_support(n, text)
        elif text.startswith("(※)人件費"):
            self.support_notes(n, text)
        elif text.startswith("輩出論文数に占めるTop 10%論文"):
            self.top10_above(n)
        elif text.startswith("H30年度に補助金支援が終了した"):
            self.post_support_decline(n, text)

    def budget(self, n: int, m: re.Match[str]) -> None:
        """``平成30年度 70億円 9拠点支援``: budget (exact yen) and centres supported per FY."""
        era = _era(self.ledger, n, m["fy"])
        amount = yen(m["amount"])
        if not era.fiscal or amount is None:
            raise ConversionError(f"{self.ledger.alias} line {n}: budget line not understood")
        figure = Figure(
            BUDGET,
            f"fy{era.year}",
            f"fy{era.year}",
            KG.amountJPY,
            amount,
            "yen",
            "eq",
            (n,),
            indicator=None,
            about=(iris.program(PROGRAM),),
            value_text=self.ledger.text(n),
            label_ja=f"WPIの予算 {m['fy']}",
        )
        obs = add_observation(self.ledger, figure)
        self.g.add((obs, KG.centerCount, Literal(int(m["n"]), datatype=XSD.nonNegativeInteger)))

    def output(self, heading: int) -> None:
        """``【1 拠点当たり主任研究者数（平均）】`` then a row of years and a row of values."""
        ledger = self.ledger
        years_line, values_line = ledger.lines(heading + 1)[:2]
        years = [_era(ledger, years_line, y) for y in ledger.text(years_line).split()]
        values = ledger.text(values_line).split()
        title = ledger.text(heading)
        if "主任研究者数" in title:
            indicator, measure, unit = "pis-per-center", KG.average, "number"
        elif "総人数" in title:
            indicator, measure, unit = "staff-per-center", KG.average, "number"
        else:
            indicator, measure, unit = "foreign-researcher-ratio", KG.percent, "percent"
        ledger.heading(heading)
        for era, value in zip(years, values, strict=True):
            number = Decimal(re.sub(r"[人%]$", "", value))
            figure = Figure(
                INDICATORS,
                f"{indicator}-cy{era.year}",
                f"cy{era.year}",
                measure,
                number,
                unit,
                "eq",
                (heading, years_line, values_line),
                indicator,
                (iris.program(PROGRAM),),
                value,
                label_ja=f"{title.strip('【】')} {era.text}",
            )
            add_observation(ledger, figure)

    def top10_above(self, n: int) -> None:
        """``Top 10%論文の割合は10%を大きく超える``; the period is the data note's (line
        ``2007年から2018年までに輩出された全論文``)."""
        note = self.ledger.find(r"2007年から2018年までに輩出された全論文")
        text = self.ledger.text(n)
        value = percent(text)
        if value is None:
            raise ConversionError(f"{self.ledger.alias} line {n}: no percentage")
        self._indicator("top10-paper-ratio", "cy2007-cy2018", KG.percent, value, text, (n, note))

    def post_support_decline(self, n: int, text: str) -> None:
        """``H30年度に補助金支援が終了した4拠点 … 支援終了前（H28年）と比較 … 研究者数は約17%
        減少、ポストクの人数は約44%減少`` (reported to the R1年 committee: 2019)."""
        heading = self.ledger.find(r"^【R\d+年プログラム委員会での報告】$")
        reported = _era(self.ledger, heading, self.ledger.text(heading)[1:].split("年")[0] + "年")
        base = re.search(r"\((?P<base>H\d+年)\)", text)
        changes = re.findall(r"(研究者数|ポストクの人数)は(約?\d+%減少)", text)
        if base is None or len(changes) != 2:
            raise ConversionError(f"{self.ledger.alias} line {n}: decline not understood")
        baseline = _era(self.ledger, n, base["base"])
        for what, printed in changes:
            indicator = "researcher-count-change" if what == "研究者数" else "postdoc-count-change"
            value = -(percent(printed) or Decimal(0))
            figure = Figure(
                INDICATORS,
                f"{indicator}-cy{reported.year}",
                f"cy{reported.year}",
                KG.percentChange,
                value,
                "percent",
                comparator(printed),
                (n, heading),
                indicator,
                (iris.program(PROGRAM),),
                f"{what}は{printed}",
                baseline=f"cy{baseline.year}",
                label_ja=f"支援終了後の{what}の増減(支援終了前比)",
            )
            add_observation(self.ledger, figure)

    def _indicator(
        self,
        indicator: str,
        period: str,
        measure: URIRef,
        value: Decimal,
        text: str,
        lines: tuple[int, ...],
        *,
        about: tuple[URIRef, ...] = (),
        key: str | None = None,
        how: str | None = None,
    ) -> None:
        figure = Figure(
            INDICATORS,
            key or f"{indicator}-{period}-l{lines[0]:04d}",
            period,
            measure,
            value,
            "percent",
            how or comparator(text),
            lines,
            indicator,
            about or (iris.program(PROGRAM),),
            text,
        )
        add_observation(self.ledger, figure)

    # -- support conditions and missions printed in the logic model ------------------------------
    def annual_support(self, n: int, text: str) -> None:
        """``年間最大7億円を10年間支援（※）``."""
        m = re.search(r"年間最大(?P<amount>\d+億円)を(?P<years>\d+)年間支援", text)
        amount = yen(m["amount"]) if m else None
        if m is None or amount is None:
            raise ConversionError(f"{self.ledger.alias} line {n}: support not understood")
        values = _yearly_support(SCHEMA.maxValue, amount, m["years"])
        key = line_key(self.ledger.alias, n)
        add_rule(self.ledger, Rule(KG.SupportCondition, key, (n,), text, values, "lte"))

    def support_notes(self, n: int, text: str) -> None:
        """The note to the annual support: eligible and excluded costs (``人件費、設備備品等費
        などの経費が対象で研究プロジェクト費は対象外``), matching resources from the host, and
        the larger ceiling of the first cohorts (``H19・H22年度採択拠点 … ～14億円／年``)."""
        key = line_key(self.ledger.alias, n)
        eligible, _, rest = text.partition("が対象で")
        costs = tuple(dict.fromkeys(c for w, c in COSTS.items() if w in eligible))
        excluded = tuple(c for w, c in COSTS.items() if w in rest.split("。")[0])
        add_rule(
            self.ledger,
            Rule(KG.SupportCondition, f"{key}-costs", (n,), text, costs=costs, excluded=excluded),
        )
        matching = next(s for s in text.split("。") if "リソースの確保" in s)
        add_rule(self.ledger, Rule(KG.SupportCondition, f"{key}-matching", (n,), matching))
        m = re.search(
            r"(?P<cohorts>H\d+(?:・H\d+)*)年度採択拠点の支援規模は(?P<amount>~\d+億円/年)", text
        )
        amount = yen(m["amount"]) if m else None
        if m is None or amount is None:
            raise ConversionError(f"{self.ledger.alias} line {n}: cohort ceiling not understood")
        values = {
            SCHEMA.maxValue: Literal(amount, datatype=XSD.decimal),
            KG.perPeriod: Literal("P1Y", datatype=XSD.duration),
        }
        rule = Rule(
            KG.SupportCondition,
            f"{key}-cohort",
            (n,),
            m.group(0),
            values,
            comparator(m["amount"]),
            cohorts(m["cohorts"]),
        )
        add_rule(self.ledger, rule)

    def missions_2007(self, n: int, text: str) -> None:
        """The four missions (``世界最高水準の研究／融合領域の創出／…``)."""
        m = re.search(r"4つのミッション\((?P<list>[^)]+)\)", text)
        names = m["list"].split("/") if m else []
        if len(names) != 4 or any(name not in MISSIONS_2007 for name in names):
            raise ConversionError(f"{self.ledger.alias} line {n}: missions not understood")
        for name in names:
            mission = iris.concept("wpi-mission-2007", MISSIONS_2007[name])
            self.g.add((iris.program(PROGRAM), KG.hasMission, mission))
        self.ledger.count("missions", 4)

    # -- slide 3: outline, centre list, results -------------------------------------------------
    def outline(self) -> None:
        ledger = self.ledger
        start = ledger.find(r"^背景・課題$")
        end = ledger.find(r"^WPIプログラム委員会メンバー", start)
        stage = "issue"
        for n in ledger.pending(start, end):
            text = ledger.text(n)
            if text in STAGES:
                stage = STAGES[text]
                ledger.heading(n)
            elif text == "事業概要" or text == "【事業目的・実施内容】":
                stage = "purpose"
                ledger.heading(n)
            elif text == "【拠点が満たすべき要件】":
                read_requirements(ledger, n)
            elif text == "【事業スキーム】":
                read_scheme(ledger, n)
            elif text == "【WPI拠点一覧】":
                self.center_list(n)
            elif text == "【これまでの成果】":
                ledger.heading(n)
                stage = "achievement"
            elif text.startswith("異分野融合を促す研究者交流の場"):
                ledger.leave_out([n], "a photo caption", "the photo is not in the text")
            else:
                self.outline_statement(n, stage, text)

    def outline_statement(self, n: int, stage: str, text: str) -> None:
        ledger = self.ledger
        if text.startswith("※日本の国立大学における外国人研究者割合"):
            self.benchmark(n, text)
            return
        statement = add_statement(ledger, n, stage)
        if text.startswith("【成長戦略フォローアップ"):
            self.g.add((statement, DCTERMS.references, self.growth_strategy(n, text)))
        elif "新たなミッションの下、新規" in text:
            self.new_center_plan(n, text)
        elif text.startswith("当初採択5拠点"):
            self.top10_range(n, text)
        elif text.startswith("外国人研究者が常時"):
            m = re.search(r"(\d+)割程度以上", text)
            value = Decimal(m[1]) * 10 if m else None
            if value is None:
                raise ConversionError(f"{ledger.alias} line {n}: share not understood")
            self._indicator(
                "foreign-researcher-ratio", "2020-04", KG.percent, value, m.group(0), (n,)
            )
        elif text.startswith("例:"):
            self._donations(statement)

    def growth_strategy(self, n: int, text: str) -> URIRef:
        """``【成長戦略フォローアップ（令和2年7月17日閣議決定）】``: a cabinet decision."""
        m = re.match(r"【(?P<title>[^(]+)\((?P<date>[^)]+?)閣議決定\)】", text)
        era = _era(self.ledger, n, m["date"]) if m else None
        if m is None or era is None or era.day is None:
            raise ConversionError(f"{self.ledger.alias} line {n}: policy document not understood")
        policy = node("policy-document", "growth-strategy-follow-up-2020")
        g = self.g
        g.add((policy, RDF.type, KG.PolicyDocument))
        g.add((policy, DCTERMS.title, Literal(m["title"], lang="ja")))
        g.add((policy, RDFS.label, Literal(f"{m['title']}（{era.text}閣議決定）", lang="ja")))
        g.add((policy, DCTERMS.issued, era.literal))
        g.add((policy, DCTERMS.publisher, iris.organization("cabinet-of-japan")))
        g.add((policy, PROV.wasDerivedFrom, self.ledger.record(n)))
        self.ledger.count("policy_documents")
        return policy

    def new_center_plan(self, n: int, text: str) -> None:
        """``新規1拠点（7億円程度×10年）``: the planned centre's support (about 7億円 a year)."""
        m = re.search(r"新規(?P<count>\d+)拠点\((?P<amount>\d+億円程度)×(?P<years>\d+)年\)", text)
        amount = yen(m["amount"]) if m else None
        if m is None or amount is None:
            raise ConversionError(f"{self.ledger.alias} line {n}: plan not understood")
        values = _yearly_support(SCHEMA.value, amount, m["years"])
        key = f"{line_key(self.ledger.alias, n)}-new-center"
        add_rule(self.ledger, Rule(KG.SupportCondition, key, (n,), m.group(0), values, "approx"))

    def top10_range(self, n: int, text: str) -> None:
        """``当初採択5拠点(2007年度～) … Top10%論文数の割合も高水準(概ね20～25%)``: two bounds,
        about the five centres this document lists under FY2007."""
        m = re.search(r"\((?P<printed>概ね(?P<low>\d+)~(?P<high>\d+)%)\)", text)
        first = [self.centers[s] for s, fy in sorted(self.cohorts.items()) if fy == 2007]
        if m is None or len(first) != 5:
            raise ConversionError(f"{self.ledger.alias} line {n}: Top10% range not understood")
        note = self.ledger.find(r"2007年から2018年までに輩出された全論文")
        about = tuple(iris.organization(c.slug) for c in first)
        for bound, value, how in (("min", m["low"], "gte"), ("max", m["high"], "lte")):
            self._indicator(
                "top10-paper-ratio",
                "cy2007-cy2018",
                KG.percent,
                Decimal(value),
                m["printed"],
                (n, note),
                about=about,
                key=f"top10-paper-ratio-2007-cohort-cy2007-cy2018-{bound}",
                how=how,
            )

    def benchmark(self, n: int, text: str) -> None:
        """``※日本の国立大学における外国人研究者割合(7.8%, 2017年)``: the national benchmark."""
        m = re.search(r"\((?P<value>[\d.]+)%, (?P<year>\d{4})年\)", text)
        if m is None:
            raise ConversionError(f"{self.ledger.alias} line {n}: benchmark not understood")
        population = URIRef(iris.concept("population", "japanese-national-universities"))
        self._indicator(
            "foreign-researcher-ratio",
            f"cy{m['year']}",
            KG.percent,
            Decimal(m["value"]),
            text,
            (n,),
            about=(population,),
            key=f"foreign-researcher-ratio-japanese-national-universities-cy{m['year']}",
            how="eq",
        )

    def _donations(self, statement: URIRef) -> None:
        """The examples of large donations name IFReC, Kavli IPMU and the Kavli Foundation."""
        for slug in ("ifrec", "kavli-ipmu", "kavli-foundation"):
            self.g.add((statement, DCTERMS.references, iris.organization(slug)))

    def center_list(self, heading: int) -> None:
        """【WPI拠点一覧】 as of ``※令和2年4月現在``: two columns (WPI Academy | subsidized), each
        line holding one cohort block of each column."""
        ledger = self.ledger
        as_of_line = ledger.find(r"^※令和\S+現在$", heading)
        era = _era(ledger, as_of_line, ledger.text(as_of_line)[1:].removesuffix("現在"))
        columns = ledger.find(r"^WPIアカデミー拠点", heading)
        ledger.heading(heading, as_of_line, columns)
        as_of = as_of_literal(f"{era.year:04d}-{era.month or 0:02d}")
        for n in ledger.lines(columns + 1):
            blocks = list(_BLOCK.finditer(ledger.text(n)))
            if not blocks:
                add_extension(ledger, n)  # ※10年間の支援期間終了後、更に5年間…
                break
            for column, block in enumerate(blocks):
                status = ("wpi-academy", "subsidized")[column]
                end = blocks[column + 1].start() if column + 1 < len(blocks) else None
                self._block(n, block, ledger.text(n)[block.end() : end], status, as_of, columns)

    def _block(
        self, n: int, block: re.Match[str], text: str, status: str, as_of: Literal, columns: int
    ) -> None:
        ledger = self.ledger
        entries = list(CENTER_ENTRY.finditer(text))
        if len(entries) != int(block["n"]):
            ledger.issue(n, "column-shift", f"{block.group(0)} lists {len(entries)} centres")
        for entry in entries:
            host, name, acronym = entry["host"], entry["name"].strip(), entry["acronym"]
            center = resolve_center(ledger, n, host, name, acronym)
            fiscal = int(block["fy"])
            stated = f"{host} {name} ({acronym})"
            add_selection(ledger, center, fiscal, status, as_of, (n, columns), stated)
            self.centers[center.slug] = center
            self.cohorts[center.slug] = fiscal
        ledger.count("centers", len(entries))

    # -- results slides, practices ----------------------------------------------------------------
    def results(self) -> None:
        ledger = self.ledger
        start = ledger.find(r"WPIの成果事例1")
        end = ledger.find(r"^現状と対応方針$", start)
        practice_heading = ""
        for n in ledger.pending(start, end):
            text, raw = ledger.text(n), ledger.raw(n).lstrip()
            if text.startswith("WPIの成果事例") or text == "国際化のための先駆的取組":
                ledger.heading(n)
            elif text in ("国際公募の徹底", "英語の公用語化", "外国人研究者及び家族への支援"):
                ledger.heading(n)
                practice_heading = text
            elif raw.startswith("- ✓"):
                self.practice(n, text, practice_heading)
            elif text.startswith("国際公募の徹底や英語の公用語化"):
                add_statement(ledger, n, "achievement")
                self.coauthorship(n, text)
            elif text.startswith("事業開始時(平成19年)"):
                add_statement(ledger, n, "achievement")
                self.launch_year(n, text)
            elif text.startswith("(参考)ポストドクター"):
                ledger.heading(n)
            elif text.startswith("円の半径"):
                ledger.leave_out([n], "figures and their notes", _FIGURE)
            elif text.startswith("博士の学位を取得した者"):
                ledger.leave_out([n], "the definition of ポストドクター", _DEFINITION)
            elif raw.startswith("- "):
                stage = "plan" if text.startswith("今後は") else "achievement"
                add_statement(ledger, n, stage)
            elif text.startswith("WPIにおける若手研究者比率"):
                ledger.heading(n)
            else:
                ledger.leave_out([n], "figures and their notes", _FIGURE)

    def practice(self, n: int, text: str, heading: str) -> None:
        """``✓ … 【AIMR, IFReC, IRCN】`` or ``【全拠点】``: one adoption per centre named."""
        code = next((c for word, c in PRACTICES.items() if word in text), None)
        if code is None:
            raise ConversionError(f"{self.ledger.alias} line {n}: unknown practice {text!r}")
        m = re.search(r"【(?P<centers>[^】]+)】", text)
        if m is None:  # no centre named: the practice is stated for WPI centres in general
            add_statement(self.ledger, n, "achievement", topic=heading)
            self.g.add(
                (
                    node("statement", line_key(self.ledger.alias, n)),
                    DCTERMS.subject,
                    iris.concept("practice", code),
                )
            )
            return
        names = m["centers"].split(",")
        centers = (
            list(self.centers.values())
            if m["centers"] == "全拠点"
            else [self._center_by_acronym(n, a.strip()) for a in names]
        )
        for center in centers:
            self._adoption(n, center, code)

    def _center_by_acronym(self, n: int, acronym: str) -> Organization:
        center = self.ledger.ctx.organizations.find(f"({acronym})", by_unit_ending=False)
        if center is None or center.slug not in self.centers:
            raise ConversionError(f"{self.ledger.alias} line {n}: ({acronym}) is no listed centre")
        return center

    def _adoption(self, n: int, center: Organization, code: str) -> None:
        g = self.g
        adoption = node("practice-adoption", f"{self.ledger.alias}--{center.slug}--{code}")
        g.add((adoption, RDF.type, KG.PracticeAdoption))
        g.add((adoption, KG.center, iris.organization(center.slug)))
        g.add((adoption, KG.practice, iris.concept("practice", code)))
        label = f"{center.name_ja}: {code}"
        g.add((adoption, RDFS.label, Literal(label, lang="ja")))
        g.add((adoption, PROV.wasDerivedFrom, self.ledger.record(n)))
        self.ledger.count("practice_adoptions")

    def coauthorship(self, n: int, text: str) -> None:
        """``国際共著論文割合も高水準（70%程度）``: WPI papers, data obtained 2019年3月."""
        ledger = self.ledger
        note = ledger.find(r"データ\(\d{4}年\d+月取得\)を基に文部科学省・日本学術振興会", n)
        m = re.search(r"\((?P<printed>(?P<value>\d+)%程度)\)", text)
        got = re.search(r"\((?P<y>\d{4})年(?P<m>\d+)月取得\)", ledger.text(note))
        if m is None or got is None:
            raise ConversionError(f"{ledger.alias} line {n}: co-authorship not understood")
        period = f"to-{got['y']}-{int(got['m']):02d}"
        self._indicator(
            "international-coauthorship-ratio",
            period,
            KG.percent,
            Decimal(m["value"]),
            m["printed"],
            (n, note),
        )
        prog = iris.program(PROGRAM)
        self.g.add((prog, KG.administeredBy, iris.organization("mext")))
        self.g.add((prog, KG.implementedBy, iris.organization("jsps")))
        self.g.add((prog, PROV.wasDerivedFrom, ledger.record(note)))

    def launch_year(self, n: int, text: str) -> None:
        """``事業開始時（平成19年）``: the programme started in 2007."""
        m = re.search(r"事業開始時\((?P<era>[^)]+)\)", text)
        era = _era(self.ledger, n, m["era"]) if m else None
        if era is None:
            raise ConversionError(f"{self.ledger.alias} line {n}: launch year not understood")
        prog = iris.program(PROGRAM)
        self.g.add((prog, KG.launchedIn, Literal(str(era.year), datatype=XSD.gYear)))
        self.g.add((prog, PROV.wasDerivedFrom, self.ledger.record(n)))

    # -- 現状と対応方針, new missions -------------------------------------------------------------
    def issues_and_responses(self) -> None:
        """Three topics (``○…について``), each a situation (現状) and a response (対応方針)."""
        ledger = self.ledger
        start = ledger.find(r"^現状と対応方針$")
        end = ledger.find(r"^WPIの新ミッション$", start)
        ledger.heading(start)
        topic, kind, situation = "", "", None
        for n in ledger.lines(start + 1, end):
            text = ledger.text(n)
            if ledger.raw(n).startswith("○"):
                topic = text
                ledger.heading(n)
            elif text in ("(現状)", "(対応方針)"):
                kind = text
                ledger.heading(n)
            elif kind == "(現状)":
                situation = add_statement(ledger, n, "current-situation", topic=topic)
            else:
                add_statement(ledger, n, "response", topic=topic, responds_to=situation)

    def new_missions(self, prog: URIRef) -> None:
        ledger = self.ledger
        start = ledger.find(r"^WPIの新ミッション$")
        ledger.heading(start)
        for n in ledger.lines(start + 1):
            text = ledger.text(n)
            name = re.sub(r"^\d+\.\s*", "", text)
            if text.startswith("令和2年のプログラム委員会"):
                add_statement(ledger, n, "purpose")
            elif text == "<WPIの新ミッション>":
                ledger.heading(n)
            elif "定期的な拠点採択" in text:  # 令和3年度以降、…定期的な拠点採択を行う予定
                add_statement(ledger, n, "plan")
            elif name in MISSIONS_2020:
                code = MISSIONS_2020[name]
                if name != text:  # "1. …": a top mission of the programme
                    self.g.add((prog, KG.hasMission, iris.concept("wpi-mission-2020", code)))
                    ledger.count("missions")
                ledger.record(n)
            else:
                raise ConversionError(f"{ledger.alias} line {n}: unknown mission {text!r}")


def _era(ledger: Ledger, n: int, text: str) -> EraDate:
    era = parse_era(text)
    if era is None:
        raise ConversionError(f"{ledger.alias} line {n}: {text!r} is not an era date")
    return era


_FIGURE = "the figures did not survive text extraction; only their titles and notes did"
_DEFINITION = "the same definition is kgv:role/postdoc's skos:definition in ontology/vocab.ttl"
