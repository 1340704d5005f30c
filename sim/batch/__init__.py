"""Monte Carlo batches: many runs of one scenario with drawn parameters, written to Parquet.

`spec` reads what may vary (the scenario's `uncertainty:`, `--uncertainty`, `--vary`),
`perturb` draws it for each run, `chunks` plans the work and remembers what is finished,
`job` simulates one chunk into rows, `parquet` writes and reads them, `executors` spread
chunks over local processes or a Dask cluster, `drive` runs a whole batch (resuming one
that was stopped), `summary` reduces the rows to findings and `plot` draws them.
This module imports nothing heavy so that scenario checks can use `spec` cheaply.
"""
