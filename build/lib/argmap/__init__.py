"""argmap: trilingual argument maps from YAML files, independent of any site engine.

The pipeline runs load → validate → link → convert → render → write → export over plain data;
`argmap check` and the MkDocs hook (hooks/mkdocs_hooks.py) drive it.
"""
