#include <zmq.h>

#ifdef __linux__
// eventfd wakes a thread blocked in zmq_poll; Swift's Glibc module does not export <sys/eventfd.h>.
#include <sys/eventfd.h>
#endif
