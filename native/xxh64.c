/* XXH64, written from the public xxHash specification (doc/xxhash_spec.md): four 64-bit lanes over 32-byte
 * stripes, then 8-, 4- and 1-byte tails, then the avalanche. Reads are little-endian and unaligned-safe. */
#include <string.h>
#include "aotsuite_native.h"

#define PRIME1 0x9E3779B185EBCA87ULL
#define PRIME2 0xC2B2AE3D27D4EB4FULL
#define PRIME3 0x165667B19E3779F9ULL
#define PRIME4 0x85EBCA77C2B2AE63ULL
#define PRIME5 0x27D4EB2F165667C5ULL

static inline uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static inline uint64_t read64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v); /* compiles to one load; x86-64 and arm64 Linux are little-endian */
    return v;
}

static inline uint32_t read32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline uint64_t round64(uint64_t acc, uint64_t lane)
{
    acc += lane * PRIME2;
    acc = rotl(acc, 31);
    return acc * PRIME1;
}

static inline uint64_t merge(uint64_t acc, uint64_t lane)
{
    acc ^= round64(0, lane);
    return acc * PRIME1 + PRIME4;
}

uint64_t aotsuite_xxh64(const uint8_t *data, size_t len, uint64_t seed)
{
    const uint8_t *p = data;
    const uint8_t *end = data + len;
    uint64_t acc;

    if (len >= 32) {
        uint64_t v1 = seed + PRIME1 + PRIME2;
        uint64_t v2 = seed + PRIME2;
        uint64_t v3 = seed;
        uint64_t v4 = seed - PRIME1;
        const uint8_t *limit = end - 32;
        do {
            v1 = round64(v1, read64(p));
            v2 = round64(v2, read64(p + 8));
            v3 = round64(v3, read64(p + 16));
            v4 = round64(v4, read64(p + 24));
            p += 32;
        } while (p <= limit);
        acc = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
        acc = merge(acc, v1);
        acc = merge(acc, v2);
        acc = merge(acc, v3);
        acc = merge(acc, v4);
    } else {
        acc = seed + PRIME5;
    }

    acc += (uint64_t)len;

    while (p + 8 <= end) {
        acc ^= round64(0, read64(p));
        acc = rotl(acc, 27) * PRIME1 + PRIME4;
        p += 8;
    }
    if (p + 4 <= end) {
        acc ^= (uint64_t)read32(p) * PRIME1;
        acc = rotl(acc, 23) * PRIME2 + PRIME3;
        p += 4;
    }
    while (p < end) {
        acc ^= (*p) * PRIME5;
        acc = rotl(acc, 11) * PRIME1;
        p++;
    }

    acc ^= acc >> 33;
    acc *= PRIME2;
    acc ^= acc >> 29;
    acc *= PRIME3;
    acc ^= acc >> 32;
    return acc;
}
