// libserialport (sigrok): serial port enumeration, open and configuration. Only GaitIngestion imports it.
#include <libserialport.h>
