#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    # Production-safe by default: the Makefile selects the dev or test settings explicitly.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passerelles.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
