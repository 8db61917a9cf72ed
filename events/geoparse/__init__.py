"""From article text to places and draft events, in small stages (see docs/geoparse.md).

``recognise`` finds place mentions, ``candidates`` looks their names up in the
gazetteer, ``resolve`` ranks the candidates with the article's evidence, and
``propose`` turns located sentences into draft events. Each stage keeps the
evidence for its decisions beside its answer.
"""
