"""Layer 1, the model: words, amounts, names, columns, colours, labels, paths.

Pure definitions and formatting, read by every other layer; nothing here reads the
shipped data or imports anything of ``geo`` outside this package.
``vocabulary`` (themes, periods, natures...), ``schemas`` (columns of the shipped and
imported tables), ``amounts`` (euros and cents), ``names`` (French names compared),
``paths`` (where the files are), ``style`` and ``contrast`` (colours), ``labels``,
``chart_labels``, ``legend_model``, ``view_fields`` (what a table or a view shows),
``memo`` (a small cache) and ``cli_fr`` (the French command-line parser).
"""
