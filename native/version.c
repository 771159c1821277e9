#include "aotsuite_native.h"

const char *aotsuite_native_version(void) { return "0.1.0"; }
