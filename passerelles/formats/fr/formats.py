# Québec French: "mardi 6 janvier 2026", "14 h 30", "1 250,00 $" (non-breaking spaces).
DATE_FORMAT = "l j F Y"
TIME_FORMAT = "G\u00a0\\h\u00a0i"
DATETIME_FORMAT = "l j F Y \\à G\u00a0\\h\u00a0i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d G\u00a0\\h\u00a0i"
FIRST_DAY_OF_WEEK = 0
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u00a0"
NUMBER_GROUPING = 3
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H h %M", "%Hh%M", "%H h", "%Hh"]
# Read by passerelles.core.formats.format_money: the amount comes first, then the sign.
MONEY_FORMAT = "{amount}\u00a0$"
# Read by passerelles.core.formats.format_long_date, with "1er" for the first of the month.
LONG_DATE_FORMAT = "\\l\\e l {day} F Y"
FIRST_DAY_ORDINAL = "1er"
