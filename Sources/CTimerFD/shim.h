// The event log's group-commit flusher sleeps on a timerfd and an eventfd; Swift's Glibc module exports neither
// <sys/timerfd.h> nor <sys/eventfd.h>.
#include <sys/timerfd.h>
#include <sys/eventfd.h>
