"""Scenarios: the format (`schema`), reading YAML with file:line errors (`loader`), the
cross-checks and evidence spans (`checks`), uncertainty ranges (`uncertainty`), the
generated reference (`reference`), parameters in words (`explain`) and the built-in
scenarios and seeds (`library`)."""
