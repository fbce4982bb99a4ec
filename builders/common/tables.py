"""When a table fits the width of a line: the rule large print uses to decide whether to linearise one.

Large print never shrinks text to make a table fit (UKAAF MS03), so a table
whose columns cannot sit side by side at the large-print size is written row
by row instead.  The estimate is in average characters, like the footer's:

* each column needs room for its longest word (a word is never broken), or
  for ``COMFORTABLE_COLUMN`` characters when its cells are longer than that
  (fewer would leave a column of one or two words a line), plus
  ``CELL_PADDING`` characters of padding and rule;
* the table fits when the columns' needs add up to no more than the line
  holds (``line_characters``: the text width over the average character
  width at the body size).
"""

from __future__ import annotations

from builders.model import Table

COMFORTABLE_COLUMN = 12
"""Characters a column wants when its cells hold longer text: below this a cell is a tower of single words."""
CELL_PADDING = 2
"""Characters taken by a cell's padding and the rule between cells."""


def column_needs(table: Table) -> tuple[int, ...]:
    """Average characters each column needs (see the module's rule)."""
    needs = []
    for column in range(len(table.header)):
        texts = [table.header[column].text] + [row[column].text for row in table.rows if column < len(row)]
        longest_word = max((len(word) for text in texts for word in text.split()), default=0)
        longest_text = max((len(text) for text in texts), default=0)
        needs.append(max(longest_word, min(longest_text, COMFORTABLE_COLUMN)) + CELL_PADDING)
    return tuple(needs)


def table_fits(table: Table, line_characters: int) -> bool:
    """Whether the table's columns fit side by side in a line of ``line_characters`` average characters."""
    return sum(column_needs(table)) <= line_characters
