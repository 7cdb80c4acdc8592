/* Without -isystem for gcc's include dir, libclang from NuGet cannot find <stddef.h>. */
#include <stddef.h>
typedef struct sized_st
{
    size_t length;
} sized_t;
