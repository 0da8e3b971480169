# kafka completion for bash. Install: kafka completion bash > ~/.local/share/bash-completion/completions/kafka
_kafka_completions() {
  local cur_word="${COMP_WORDS[COMP_CWORD]}" candidates
  mapfile -t candidates < <(SHELL=bash kafka --get-yargs-completions "${COMP_WORDS[@]:0:COMP_CWORD+1}" 2>/dev/null)
  mapfile -t COMPREPLY < <(compgen -W "$(printf '%q ' "${candidates[@]}")" -- "${cur_word}")
}
complete -o bashdefault -o default -F _kafka_completions kafka
