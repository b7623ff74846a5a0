// The plotting names that `from brian2 import *` brings along: Brian2 imports pylab (matplotlib's
// pyplot with its helpers) into its own namespace when matplotlib is installed, so scripts use `plt`,
// `figure`, `subplots`, `plot`, ... without importing matplotlib. The list is the matplotlib part of
// that namespace (brian2 2.5.4 with matplotlib 3.x); numpy's and Brian2's own names take precedence,
// as they do in Brian2. Every one of these is inert: plotting never changes the model.

const NAMES = [
  'Annotation Arrow Artist AutoLocator AxLine Axes Button Circle DateFormatter DateLocator DayLocator',
  'FR Figure FigureBase FigureCanvasBase FigureManagerBase FixedFormatter FixedLocator',
  'FormatStrFormatter Formatter FuncFormatter GridSpec HourLocator IndexLocator Line2D LinearLocator',
  'Locator LogFormatter LogFormatterExponent LogFormatterMathtext LogLocator MO MaxNLocator',
  'MinuteLocator MonthLocator MouseButton MultipleLocator Normalize NullFormatter NullLocator PolarAxes',
  'Polygon RRuleLocator Rectangle SA SU ScalarFormatter SecondLocator Slider Subplot SubplotSpec TH TU',
  'Text TickHelper WE WeekdayLocator Widget YearLocator acorr angle_spectrum annotate arrow autoscale',
  'autumn axes axhline axhspan axis axline axvline axvspan bar bar_label barbs barh bone box boxplot',
  'broken_barh cbook cla clabel clf clim close cohere color_sequences colorbar colormaps connect',
  'contour contourf cool copper csd cycler date2num datestr2num delaxes detrend detrend_linear',
  'detrend_mean detrend_none disconnect drange draw draw_all draw_if_interactive ecdf errorbar',
  'eventplot figaspect figimage figlegend fignum_exists figtext figure fill fill_between fill_betweenx',
  'findobj flag flatten gca gcf gci get get_backend get_cmap get_current_fig_manager get_figlabels',
  'get_fignums get_plot_commands get_scale_names getp ginput gray grid hexbin hist hist2d hlines hot',
  'hsv imread imsave imshow inferno install_repl_displayhook interactive ioff ion isinteractive jet',
  'legend locator_params loglog magma magnitude_spectrum margins matplotlib matshow minorticks_off',
  'minorticks_on mlab mpl new_figure_manager nipy_spectral num2date pause pcolor pcolormesh',
  'phase_spectrum pie pink plasma plot plot_date plt polar prism psd quiver quiverkey rc rcParams',
  'rcParamsDefault rcParamsOrig rc_context rcdefaults rcsetup register_cmap relativedelta rgrids rrule',
  'savefig sca scatter sci semilogx semilogy set_cmap set_loglevel setp show silent_list specgram',
  'spring spy stackplot stairs stem step streamplot style subplot subplot2grid subplot_mosaic',
  'subplot_tool subplots subplots_adjust summer suptitle switch_backend table text thetagrids',
  'tick_params ticklabel_format tight_layout title tricontour tricontourf tripcolor triplot twinx twiny',
  'uninstall_repl_displayhook violinplot viridis vlines waitforbuttonpress window_hanning window_none',
  'winter xcorr xkcd xlabel xlim xscale xticks ylabel ylim yscale yticks',
].join(' ');

export const PYLAB_NAMES: ReadonlySet<string> = new Set(NAMES.split(' '));

/**
 * Public plotting functions of brian2tools (`from brian2tools import *`): brian_plot and the
 * plot_* family, also inert.
 */
export const BRIAN2TOOLS_PLOTTING: ReadonlySet<string> = new Set([
  'brian_plot',
  'plot_raster',
  'plot_state',
  'plot_rate',
  'plot_morphology',
  'plot_dendrogram',
  'plot_synapses',
  'add_background_pattern',
]);
