"""The inspector-facing layer: workbooks, review read-back, comparison, and the ``lvzhi`` CLI."""
