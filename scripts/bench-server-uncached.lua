-- wrk script for scripts/bench-server: every request asks for a different page start, so no
-- request is answered from the page cache (each renders 1,000 branches from the branch list).
counter = 0
request = function()
  counter = counter + 1
  local from = string.format("refs/heads/%08d", (counter * 7919) % 100000000)
  return wrk.format("GET", wrk.path .. "&branches_from=" .. from)
end
