//! `fiveforces aggregate FILES...`: combine a panel's questionnaires into a consensus and write
//! every requested report, and the consensus itself as a questionnaire (`-o consensus.toml`).

use anyhow::anyhow;
use fiveforces::analysis::aggregate::{aggregate, different_businesses};
use fiveforces::analysis::plan;
use fiveforces::report::aggregate::{Consensus, Format, render};
use fiveforces::source::diagnostic::Code;
use fiveforces::{InvalidFile, Questionnaire};

use crate::cli::AggregateArgs;
use crate::commands::{Vocabulary, load_data, named_inputs, open_all, plan_outputs, process, reported, written};
use crate::sinks::{self, Outcome, Staged, Target, notice};
use fiveforces::report::ReportFormat;

/// What one output holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    /// A report.
    Report(Format),
    /// The consensus as a questionnaire file.
    Toml,
}

pub fn run(args: &AggregateArgs, quiet: bool) -> anyhow::Result<Outcome> {
    let vocabulary = Vocabulary {
        named: |key: &str| {
            if key.eq_ignore_ascii_case("toml") {
                Some(Written::Toml)
            } else {
                Format::from_key(key).map(Written::Report)
            }
        },
        by_extension: |path: &std::path::Path| {
            if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml")) {
                Some(Written::Toml)
            } else {
                Format::from_extension(path).map(Written::Report)
            }
        },
        names: format!("{}, toml", Format::names()),
        extensions: format!("{}, .toml", Format::all_extensions()),
    };
    let inputs = named_inputs(&args.paths, &args.data);
    let outputs = plan_outputs(&args.output, Written::Report(args.format), args.force, &vocabulary, &inputs)?;
    let (bank, playbook) = load_data(&args.data)?;
    let sinks = open_all(&outputs, args.force)?;

    let mut panel = Vec::new();
    let mut failed = false;
    process(
        &args.paths,
        &written(&outputs),
        quiet,
        true,
        |input, text| -> Result<(String, Questionnaire), InvalidFile> {
            let origin = input.origin();
            Questionnaire::parse(&origin, text, &bank).map(|q| (origin, q))
        },
        |result| {
            match reported(result) {
                Some(assessor) => panel.push(assessor),
                None => failed = true,
            }
            Ok(())
        },
    )?;
    if failed {
        notice(
            "nothing written: a consensus that left out an assessor would misrepresent the panel; fix the files above and run again",
        );
        return Ok(Outcome::BadInput);
    }
    if let Some(different) = different_businesses(&panel) {
        let code = Code::DifferentBusinesses;
        if args.allow_different {
            notice(&format!(
                "warning[{code}]: {different}; combining them anyway because of --allow-different: the consensus mixes businesses"
            ));
        } else {
            notice(&format!(
                "error[{code}]: {different}\n  = help: a consensus combines one business's assessors (names are compared trimmed, ignoring case): fix the `name` in [assessment], or give --allow-different to combine them anyway"
            ));
            notice("nothing written");
            return Ok(Outcome::BadInput);
        }
    }
    let aggregate = aggregate(panel, &bank, args.contested_span)?;
    let plan = plan::plan(&aggregate.profile, &playbook, aggregate.context.as_ref(), args.top);
    let consensus = Consensus { aggregate, plan };
    let mut staged = Staged::default();
    for (out, mut sink) in outputs.iter().zip(sinks) {
        let text = match out.format {
            Written::Report(format) => render(format, &consensus, sinks::terminal(&out.target))?,
            Written::Toml => {
                let origin = match &out.target {
                    Target::File(path) => path.to_string_lossy().into_owned(),
                    Target::Stdout => "<stdout>".to_owned(),
                };
                consensus.aggregate.consensus_toml(&origin, &bank).map_err(|err| {
                    let origin = fiveforces::report::inert(&origin).into_owned();
                    if err.is_bug() {
                        anyhow!("{err}\nthis is a bug in fiveforces; please report it")
                    } else {
                        anyhow!("{origin}: nothing written: {err}")
                    }
                })?
            }
        };
        sink.write(&text)?;
        staged.add(sink)?;
    }
    staged.commit()?;
    for out in &outputs {
        if let (Written::Toml, Target::File(path)) = (out.format, &out.target) {
            let schema = crate::commands::docs::write_schema_beside(path, &bank)?;
            if !quiet {
                let shown = sinks::shown_path(path);
                notice(&format!(
                    "wrote {shown}: the consensus as a questionnaire; `fiveforces score {shown}` scores it"
                ));
                if let Some(schema) = schema {
                    notice(&format!(
                        "wrote {}: editors with TOML schema support check the file",
                        sinks::shown_path(&schema)
                    ));
                }
            }
        }
    }
    Ok(Outcome::Success)
}
