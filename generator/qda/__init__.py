"""REFI-QDA exchange (QDA-XML 1.0): the catalog as a `.qdpx` project and a `.qdc` codebook for
NVivo, ATLAS.ti, MAXQDA, QualCoder and the other tools that implement the standard, and the
projects those tools export read back as sources, codes and coded passages.

`positions` says how a selection's positions are counted, `xml` holds the namespaces, GUIDs and
the schema (`Project.xsd`, MIT licence, from the Rotterdam Exchange Format Initiative), `model`
the plain data both directions share, `export` and `read` the two directions, `importing` what
an import writes into a project.
"""
