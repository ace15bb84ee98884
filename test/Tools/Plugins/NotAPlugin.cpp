//===- NotAPlugin.cpp - A shared library without the plugin entry ---------===//

extern "C" int nirtorchTestNotAPlugin() { return 0; }
