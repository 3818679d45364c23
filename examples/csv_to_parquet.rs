//! Convert a comma-delimited UTF-8 CSV file to Parquet (every column text), in row groups of
//! 65,536 rows, for trying and benchmarking Parquet input.
//!
//! ```text
//! cargo run --release --example csv_to_parquet -- IN.csv OUT.parquet
//! ```

use polars::prelude::*;
use polars_io::prelude::ParquetWriter;

const GROUP: usize = 65_536;

fn frame(header: &[String], rows: &mut Vec<csv::StringRecord>) -> PolarsResult<DataFrame> {
    let columns: Vec<Column> = header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let v: Vec<&str> = rows.iter().map(|r| r.get(i).unwrap_or("")).collect();
            Column::new(h.as_str().into(), v)
        })
        .collect();
    let df = DataFrame::new(rows.len(), columns);
    rows.clear();
    df
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: csv_to_parquet IN.csv OUT.parquet");
        std::process::exit(2);
    }
    let mut reader = csv::Reader::from_path(&args[1])?;
    let header: Vec<String> = reader.headers()?.iter().map(str::to_string).collect();
    let schema: Schema = header
        .iter()
        .map(|h| Field::new(h.as_str().into(), DataType::String))
        .collect();
    let out = std::io::BufWriter::new(std::fs::File::create(&args[2])?);
    let mut writer = ParquetWriter::new(out).batched(&schema)?;
    let mut rows = Vec::with_capacity(GROUP);
    for rec in reader.records() {
        rows.push(rec?);
        if rows.len() == GROUP {
            writer.write_batch(&frame(&header, &mut rows)?)?;
        }
    }
    if !rows.is_empty() {
        writer.write_batch(&frame(&header, &mut rows)?)?;
    }
    writer.finish()?;
    Ok(())
}
