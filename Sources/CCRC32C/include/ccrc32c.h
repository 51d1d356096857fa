#ifndef OODA_CCRC32C_H
#define OODA_CCRC32C_H

#include <stddef.h>
#include <stdint.h>

/// Whether this CPU computes CRC-32C in hardware (SSE 4.2 on x86-64, the CRC32 extension on AArch64).
int ooda_crc32c_hardware_available(void);

/// Continues a CRC-32C over `count` bytes with the CPU's instruction. `crc` is the running value, already
/// inverted (start with 0xFFFFFFFF, invert the result). Call only when `ooda_crc32c_hardware_available()`.
uint32_t ooda_crc32c_hardware_update(uint32_t crc, const void *bytes, size_t count);

#endif
