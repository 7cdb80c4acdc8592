/* A layout the CLR's sequential layout cannot reproduce: the generator must refuse it. */
#pragma pack(push, 1)
typedef struct packed_st
{
    unsigned int a;
    unsigned long long b;
} packed_t;
#pragma pack(pop)
