/* A header clang warns about (-Wall): the generator must stop on warnings, not only errors. */
static int unused_function(void) { int unused; return 0; }
