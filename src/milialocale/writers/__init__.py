"""Writers turn a (translated) parsed page into output: localized HTML, plain text, index.

`html` puts translations back into the source tree; `page` adds what the builder itself
owns (language attributes, hreflang links, the language switcher, rebased URLs);
`text` renders a readable plain-text article; `index` renders the site's language list.
"""
