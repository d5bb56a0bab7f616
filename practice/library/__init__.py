"""The library: shipped guides and guides people publish for each other, with how many people
practise each; practising a published guide as it is, copying it, reporting it."""
