"""A stand-in for sinabs' IAF layer (sinabs 1.2 semantics), for the tests of
maps/sinabs.json, under the real qualified class name
(`sinabs.layers.iaf.IAF`). Not the real package."""
