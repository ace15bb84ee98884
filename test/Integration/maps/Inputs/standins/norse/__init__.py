"""A stand-in for Norse's neurons (norse 1.x semantics), for the tests of
maps/norse.json: scriptable, with parameters and states as NamedTuples held
by the cells (`self.p`), under the same qualified names
(`norse.torch.module.lif_box.LIFBoxCell`, `norse.torch.module.lif.LIFCell`,
`norse.torch.functional.lif.LIFParameters`, ...). Not the real package (not
installable here); Norse's SuperSpike surrogate is replaced by its forward
value, the Heaviside step. TorchScript refuses tensor defaults in a
NamedTuple, so the parameter tuples have none (Norse gives tau_mem_inv =
100, v_th = 1, v_leak = v_reset = 0 and tau_syn_inv = 200).
"""
