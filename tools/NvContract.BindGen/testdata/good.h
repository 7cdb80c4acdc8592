/* Everything the generator supports, in miniature. */
#include <stddef.h>
#define GOOD_SIZE 16
#define GOOD_MASK 0x0000000000000010LL
#define GOOD_NEGATIVE (-1)
typedef struct good_handle_st *good_handle_t;
typedef enum good_enum { GOOD_A = 0, GOOD_B = 10 } good_t;
#define GOOD_ALIAS GOOD_B
typedef struct good_st
{
    char name[GOOD_SIZE];
    unsigned int count;
    unsigned long long total;
    good_handle_t owner;
} good_info_t;
good_t goodGet(good_handle_t handle, good_info_t *info, const char *key, size_t length);
typedef union good_value_st
{
    double d;
    unsigned int u;
    unsigned long long ull;
} good_value_t;
typedef struct good_field_st
{
    unsigned int id;
    good_value_t value;
} good_field_t;
