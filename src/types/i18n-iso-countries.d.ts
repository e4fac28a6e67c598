/** The library's entry without locales (`index.js`) has the main entry's API. */
declare module 'i18n-iso-countries/index.js' {
  import countries from 'i18n-iso-countries';
  export default countries;
}
