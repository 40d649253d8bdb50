# gnuplot -e "csv='samples.csv'; png='soak.png'" plot.gp
set datafile separator ','
set terminal pngcairo size 1400,1000 font ',10' noenhanced
set output png
set multiplot layout 3,2 title 'MechOS soak: exported jar, simulator, patrol, recorder, LLM stand-in, driver bundle restarts'
set xlabel 'minutes'
set grid
set key top left
set title 'Memory (MiB)'
plot csv using 1:2 skip 1 with lines title 'RSS', csv using 1:3 skip 1 with lines title 'heap after GC'
set title 'Threads'
plot csv using 1:4 skip 1 with lines title 'threads'
set title 'Open file descriptors'
plot csv using 1:5 skip 1 with lines title 'fds'
set title 'Safety tick gap (ms)'
plot csv using 1:6 skip 1 with lines title 'p99 (recent window)', csv using 1:7 skip 1 with lines title 'max'
set title 'Bus drops (cumulative, all subscribers)'
plot csv using 1:8 skip 1 with lines title 'dropped'
set title 'Recording size (MiB)'
plot csv using 1:10 skip 1 with lines title 'recordings'
unset multiplot
