# kafka completion for fish. Install: kafka completion fish > ~/.config/fish/completions/kafka.fish
function _kafka_completions
  set -l words (commandline -opc)
  SHELL=fish kafka --get-yargs-completions $words (commandline -ct | string collect --allow-empty) 2>/dev/null
end
complete -c kafka -f -a '(_kafka_completions)'
