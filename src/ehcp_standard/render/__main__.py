"""``python -m ehcp_standard.render [FOLDER]``: regenerate the committed template files (see ``template_builder``)."""

from .template_builder import main

main()
