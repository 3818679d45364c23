//! The commands that look something up: `rules`, `explain`, `entity`, `check`.

use super::{Result, TextAs};
use std::io::Write;
use uflpa_screen::engine::Verdict;
use uflpa_screen::text::for_humans;
use uflpa_screen::{Error, RulePack, Screener};

pub fn rules(pack: &RulePack) -> Result<u8> {
    let mut out = super::files::stdout();
    writeln!(
        out,
        "Rule pack {} {} ({}), facts as of {}",
        pack.meta.id, pack.meta.version, pack.origin, pack.meta.facts_as_of
    )?;
    writeln!(out, "{}", pack.meta.title)?;
    let m = &pack.entity_list;
    writeln!(
        out,
        "UFLPA Entity List: as of {}, latest addition {}, {} entities, {} names and aliases; sha256 {}\n",
        m.as_of,
        m.latest_addition,
        m.entities,
        pack.entities
            .iter()
            .map(|e| 1 + e.aliases.len())
            .sum::<usize>(),
        m.sha256
    )?;
    writeln!(out, "{:<6} {:<9} {:<28} TITLE", "CODE", "SEVERITY", "NAME")?;
    for r in &pack.rules {
        writeln!(
            out,
            "{:<6} {:<9} {:<28} {}",
            r.code,
            r.severity.to_string(),
            r.name,
            r.title
        )?;
    }
    writeln!(out, "\n`uflpa-screen explain CODE` explains a rule.")?;
    Ok(0)
}

pub fn explain(pack: &RulePack, code: &str) -> Result<u8> {
    let Some(r) = pack.rule(code) else {
        let known: Vec<&str> = pack.rules.iter().map(|r| r.code.as_str()).collect();
        return Err(
            Error::Usage(format!("no rule {code}; known codes: {}", known.join(", "))).into(),
        );
    };
    let mut out = super::files::stdout();
    writeln!(out, "{} {}: {}", r.code, r.name, r.title)?;
    writeln!(
        out,
        "Severity: {} (a finding makes the line `{}`)\n",
        r.severity, r.severity
    )?;
    for (head, body) in [
        ("What it checks", &r.checks),
        ("Why it matters", &r.why),
        ("Example", &r.example),
        ("How to clear it", &r.clear),
        ("Legal basis and sources", &r.citation),
    ] {
        writeln!(out, "{head}\n{}\n", indent(body.trim()))?;
    }
    if let Some(u) = &r.unverified {
        writeln!(out, "Unverified facts\n{}\n", indent(u.trim()))?;
    }
    Ok(0)
}

pub fn entity(pack: RulePack, name: &str, limit: usize) -> Result<u8> {
    use uflpa_screen::matchers::entity::{MatchKind, normalise};
    let screener = Screener::new(pack)?;
    let pack = screener.pack();
    let m = &pack.entity_list;
    let mut out = super::files::stdout();
    writeln!(
        out,
        "UFLPA Entity List as of {} (latest addition {}; {} entities; sha256 {})",
        m.as_of, m.latest_addition, m.entities, m.sha256
    )?;
    let n = normalise(name);
    writeln!(out, "\nNormalised: {}", for_humans(&n.tokens.join(" ")))?;
    if !n.qualifiers.is_empty() {
        writeln!(out, "Qualifiers: {}", for_humans(&n.qualifiers.join(" ")))?;
    }
    if n.steps.is_empty() {
        writeln!(out, "Steps: none")?;
    } else {
        writeln!(out, "Steps:")?;
        for s in &n.steps {
            writeln!(out, "  - {}", for_humans(s))?;
        }
    }
    let hits = screener.entity().candidates_of(&n, limit);
    if hits.is_empty() {
        writeln!(out, "\nNo candidate on the list.")?;
        return Ok(0);
    }
    writeln!(out, "\nCandidates:")?;
    let mut worst = 0u8;
    for h in &hits {
        let e = &pack.entities[h.entity];
        let corroborated = h.weak_alias && screener.entity().corroboration(h, name, None).is_some();
        let code = uflpa_screen::verdict::entity_code(h, &e.scope, corroborated);
        let verdict = uflpa_screen::verdict::verdict_of_severity(pack.severity(code.as_str()));
        let how = match h.kind {
            MatchKind::Exact => "exact or alias",
            MatchKind::Fuzzy => "fuzzy",
            MatchKind::Extension => "extends the listed name",
            MatchKind::Near => "similar",
        };
        let code = format!("{code} {how}");
        if verdict == Verdict::Presumed {
            worst = 1;
        }
        writeln!(
            out,
            "  {:<8} {code}: score {:.2} (recall {:.2}, precision {:.2})",
            verdict.as_str(),
            h.score,
            h.recall,
            h.precision
        )?;
        writeln!(
            out,
            "           {}{}",
            e.name,
            if e.scope.is_empty() {
                String::new()
            } else {
                format!(" {}", e.scope)
            }
        )?;
        writeln!(out, "           matched listed name: {}", h.listed_name)?;
        writeln!(
            out,
            "           sections {}; added {} by the {}",
            e.sections.join(", "),
            e.date_added,
            e.notice
        )?;
        if !e.location.is_empty() {
            writeln!(out, "           location hint: {}", e.location_for_people())?;
        }
    }
    Ok(worst)
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `check`: the text screened as one manifest line (the goods as its description, a name as
/// its supplier, an address as its supplier's address), through the same path as `screen`,
/// so that both give the same verdict for the same text.
pub fn check(pack: RulePack, text: &str, kind: TextAs, country: Option<&str>) -> Result<u8> {
    if text.trim().is_empty() {
        return Err(Error::Usage("nothing to check: the text is empty".into()).into());
    }
    let screener = Screener::new(pack)?;
    // A country the tool cannot read would be screened as no country at all, silently.
    // Hong Kong and Macau are read as no country on purpose (goods made in mainland China
    // pass through them), but they are countries to give.
    if let Some(c) = country {
        let sar = matches!(
            uflpa_screen::text::fold(c).as_str(),
            "hk" | "hkg" | "mo" | "mac" | "hong kong" | "macau" | "macao"
        );
        if !sar
            && screener.region().country_of(c) == uflpa_screen::matchers::region::Country::Unknown
        {
            return Err(Error::Usage(format!(
                "--country {c:?} is not a country this tool knows: give an ISO 3166 code (CN, VN, MY) or a country's name (China, Viet Nam)"
            ))
            .into());
        }
    }
    let column = match kind {
        TextAs::Address => "supplier_address",
        TextAs::Name => "supplier",
        TextAs::Goods => "description",
    };
    let mut tmp = tempfile::Builder::new()
        .prefix("uflpa-check")
        .suffix(".csv")
        .tempfile()?;
    {
        let mut w = csv::Writer::from_writer(tmp.as_file_mut());
        match country {
            Some(c) => {
                w.write_record([column, "country_of_origin"])?;
                w.write_record([text, c])?;
            }
            None => {
                w.write_record([column])?;
                w.write_record([text])?;
            }
        }
        w.flush()?;
    }
    let readers = uflpa_screen::run::open_all(&[tmp.path().to_path_buf()], &Default::default())?;
    let mut sink = One(None);
    let mut rejects: Vec<(std::path::PathBuf, uflpa_screen::input::Reject)> = Vec::new();
    uflpa_screen::run::screen_all(&screener, readers, &mut sink, &mut rejects)?;
    if let Some((_, r)) = rejects.first() {
        return Err(
            Error::Usage(format!("the text cannot be read as a field: {}", r.reason)).into(),
        );
    }
    let Some(outcome) = sink.0 else {
        return Err(Error::Usage("nothing to check: the text is empty".into()).into());
    };
    let mut out = super::files::stdout();
    writeln!(out, "{}", outcome.verdict)?;
    for f in &outcome.findings {
        writeln!(
            out,
            "  {} {:<8} {}",
            f.code,
            f.severity,
            for_humans(&f.reason)
        )?;
    }
    Ok(if outcome.verdict == Verdict::Presumed {
        1
    } else {
        0
    })
}

/// Keeps the outcome of the one line.
struct One(Option<uflpa_screen::Outcome>);

impl uflpa_screen::run::Sink for One {
    fn begin(&mut self, _: &[uflpa_screen::input::Source]) -> std::io::Result<()> {
        Ok(())
    }
    fn row(
        &mut self,
        _: usize,
        _: &uflpa_screen::input::Row,
        o: &uflpa_screen::Outcome,
    ) -> std::io::Result<()> {
        self.0 = Some(o.clone());
        Ok(())
    }
    fn finish(&mut self, _: &uflpa_screen::run::Summary) -> std::io::Result<()> {
        Ok(())
    }
}
