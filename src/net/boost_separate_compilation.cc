// The one translation unit that compiles Boost.Asio and Boost.Beast. Every target that links
// probex_net sees BOOST_ASIO_SEPARATE_COMPILATION and BOOST_BEAST_SEPARATE_COMPILATION, so the
// heavy implementations are compiled once here instead of in every file that includes them
// (a large cut in build time on a 2-core machine).
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
