//! One integration test binary (faster links), with a module per area.

mod audit;
mod ci;
mod cli;
mod corpus;
mod entity;
mod hostile;
mod lists;
mod memo;
mod parquet;
mod props;
mod reading;
mod region;
mod region_labelled;
mod registry;
mod report;
mod sector;
mod shapes;
mod supply;
mod support;
mod wiring;
