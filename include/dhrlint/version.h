#ifndef DHRLINT_VERSION_H
#define DHRLINT_VERSION_H

#ifndef DHRLINT_VERSION
#define DHRLINT_VERSION "0.1.0"
#endif

#endif
