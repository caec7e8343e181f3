# wiretrace_target_defaults(target): the warning set every wiretrace target compiles with.
function(wiretrace_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow)
  if(WIRETRACE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
