"""Fill in the ${UPPER_CASE} names of a deploy/ template from the environment.

    SITE_URL=https://portail.example.org SERVER_NAME=portail.example.org ... \
        python3 deploy/render.py deploy/nginx/passerelles.conf > /etc/nginx/sites-available/site

Only upper-case names in braces are replaced (nginx's own variables, $host or $uri, are lower
case), and a name left without a value stops the rendering rather than leaving a hole.
tests/deploy/test_nginx.py renders the same file with the same function.
"""

import os
import re
import sys

PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")


def placeholders(template: str) -> set[str]:
    return set(PLACEHOLDER.findall(template))


def render(template: str, values: dict[str, str]) -> str:
    missing = sorted(placeholders(template) - set(values))
    if missing:
        raise KeyError(f"No value for {', '.join(missing)}.")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as source:
        template = source.read()
    try:
        sys.stdout.write(render(template, dict(os.environ)))
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
