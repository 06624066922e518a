package rulerunner.testnode;

import java.util.Map;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.analysis.pattern.PatternCaptureGroupTokenFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

/**
 * The three analysis components the security index's "email" analyzer names, for the integ-test distribution,
 * which lacks the analysis-common module that has them (and Maven Central does not publish it). Without them
 * the node cannot create its security index, so API keys and native users or roles do not work. Test node only.
 */
public class SecurityIndexAnalysis extends Plugin implements AnalysisPlugin {
  @Override
  public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
    AnalysisProvider<TokenFilterFactory> capture = (indexSettings, env, name, settings) -> {
      boolean preserve = settings.getAsBoolean("preserve_original", true);
      Pattern[] patterns =
          settings.getAsList("patterns").stream().map(Pattern::compile).toArray(Pattern[]::new);
      return filter(name, in -> new PatternCaptureGroupTokenFilter(in, preserve, patterns));
    };
    AnalysisProvider<TokenFilterFactory> unique =
        (indexSettings, env, name, settings) -> filter(name, Unique::new);
    return Map.of("pattern_capture", capture, "unique", unique);
  }

  @Override
  public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
    return Map.of(
        "uax_url_email",
        (indexSettings, env, name, settings) -> TokenizerFactory.newFactory(name, UAX29URLEmailTokenizer::new));
  }

  private static TokenFilterFactory filter(String name, java.util.function.Function<TokenStream, TokenStream> make) {
    return new TokenFilterFactory() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public TokenStream create(TokenStream in) {
        return make.apply(in);
      }
    };
  }

  /** Drops a term already seen in the stream, as analysis-common's "unique" does by default. */
  static final class Unique extends TokenFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final CharArraySet seen = new CharArraySet(8, false);

    Unique(TokenStream in) {
      super(in);
    }

    @Override
    public boolean incrementToken() throws java.io.IOException {
      while (input.incrementToken()) {
        char[] copy = new char[term.length()];
        System.arraycopy(term.buffer(), 0, copy, 0, copy.length);
        if (seen.add(copy)) return true;
      }
      return false;
    }

    @Override
    public void reset() throws java.io.IOException {
      super.reset();
      seen.clear();
    }
  }
}
