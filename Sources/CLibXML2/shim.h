#ifndef B24_CLIBXML2_SHIM_H
#define B24_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* libxml2's headers pull ICU's <unicode/ucnv.h> in when built with ICU; that clashes with Foundation's
   own ICU module (_FoundationICU) in any Swift module importing both. We never touch the ICU parts of
   xmlCharEncodingHandler (used through pointers only), so hide them. */
#ifdef LIBXML_ICU_ENABLED
#undef LIBXML_ICU_ENABLED
#endif
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/parser.h>
#endif
